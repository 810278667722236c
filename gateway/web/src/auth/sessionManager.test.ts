import { afterEach, describe, expect, it, vi } from "vitest";
import { SESSION_KEY } from "./session";
import { SessionManager } from "./sessionManager";

class MemoryStorage {
  private data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

const user = { id: "u1", name: "Sari", email: "sari@smk.id", role: "sales_rep", repId: "r1" };
const issued = (n: number, minutes = 15) => ({
  accessToken: `at${n}`,
  expiresAt: new Date(Date.now() + minutes * 60_000).toISOString(),
  refreshToken: `rt${n}`,
  user,
});
const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function setup(responses: Response[]) {
  const calls: { url: string; body: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      const next = responses.shift();
      if (!next) throw new Error(`unexpected call to ${url}`);
      return next;
    }),
  );
  const storage = new MemoryStorage() as unknown as Storage;
  return { calls, storage };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("SessionManager", () => {
  it("keeps the session in storage after signing in, and forgets it on sign-out", async () => {
    const { calls, storage } = setup([json(200, issued(1)), json(204)]);
    const sessions = new SessionManager(storage);
    await sessions.login("sari@smk.id", "secret-password");
    expect(calls[0]).toEqual({ url: "/api/auth/login", body: { email: "sari@smk.id", password: "secret-password" } });
    expect(new SessionManager(storage).session?.accessToken).toBe("at1");
    await sessions.logout();
    expect(calls[1]).toEqual({ url: "/api/auth/logout", body: { refreshToken: "rt1" } });
    expect(storage.getItem(SESSION_KEY)).toBeNull();
    expect(sessions.signOutReason).toBe("signed-out");
  });

  it("refreshes once for many callers when the token has run out", async () => {
    const { calls, storage } = setup([json(200, issued(1, -1)), json(200, issued(2))]);
    const sessions = new SessionManager(storage);
    await sessions.login("sari@smk.id", "pw");
    const tokens = await Promise.all([sessions.accessToken(), sessions.accessToken(), sessions.accessToken()]);
    expect(tokens).toEqual(["at2", "at2", "at2"]);
    expect(calls.filter((c) => c.url === "/api/auth/refresh")).toEqual([{ url: "/api/auth/refresh", body: { refreshToken: "rt1" } }]);
    expect(JSON.parse(storage.getItem(SESSION_KEY)!).refreshToken).toBe("rt2");
  });

  it("retries a 401 with a refreshed token, and ends the session when refreshing fails", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { storage } = setup([json(200, issued(1)), json(200, issued(2)), json(401, { title: "The refresh token is not valid." })]);
    const sessions = new SessionManager(storage);
    await sessions.login("sari@smk.id", "pw");
    vi.setSystemTime(Date.now() + 30_000);
    expect(await sessions.recoverFrom401("at1")).toBe("at2");
    vi.setSystemTime(Date.now() + 30_000);
    const seen: (string | null)[] = [];
    sessions.subscribe((_, reason) => seen.push(reason));
    expect(await sessions.recoverFrom401("at2")).toBeNull();
    expect(sessions.session).toBeNull();
    expect(seen).toEqual(["expired"]);
    expect(storage.getItem(SESSION_KEY)).toBeNull();
  });

  it("does not refresh a brand-new token that gets a 401: the session is simply over", async () => {
    const { calls, storage } = setup([json(200, issued(1))]);
    const sessions = new SessionManager(storage);
    await sessions.login("sari@smk.id", "pw");
    expect(await sessions.recoverFrom401("at1")).toBeNull();
    expect(calls.map((c) => c.url)).toEqual(["/api/auth/login"]);
    expect(sessions.signOutReason).toBe("expired");
  });

  it("uses a token another tab already refreshed", async () => {
    const { calls, storage } = setup([json(200, issued(1))]);
    const sessions = new SessionManager(storage);
    await sessions.login("sari@smk.id", "pw");
    const other = { ...JSON.parse(storage.getItem(SESSION_KEY)!), accessToken: "at9", refreshToken: "rt9" };
    storage.setItem(SESSION_KEY, JSON.stringify(other));
    expect((await sessions.refresh())?.accessToken).toBe("at9");
    expect(calls.map((c) => c.url)).toEqual(["/api/auth/login"]);
  });
});
