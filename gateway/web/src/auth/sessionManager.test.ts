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
/** What the gateway answers in cookie mode: no tokens in the body (they are HttpOnly cookies), a CSRF token instead. */
const issued = (n: number, minutes = 15) => ({
  accessToken: null,
  expiresAt: new Date(Date.now() + minutes * 60_000).toISOString(),
  refreshToken: null,
  user,
  session: "cookie",
  csrfToken: `csrf${n}`,
});
const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

interface Call {
  url: string;
  body: unknown;
  csrf: string | undefined;
  credentials: RequestCredentials | undefined;
}

function setup(responses: Response[]) {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      calls.push({
        url,
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
        csrf: headers["X-CSRF-Token"],
        credentials: init?.credentials,
      });
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
  it("signs in for cookies, stores no token anywhere page script can read, and signs out on the server with the CSRF token", async () => {
    const { calls, storage } = setup([json(200, issued(1)), json(204)]);
    const sessions = new SessionManager(storage);
    await sessions.login("sari@smk.id", "secret-password");
    expect(calls[0]).toMatchObject({
      url: "/api/auth/login",
      body: { email: "sari@smk.id", password: "secret-password", session: "cookie" },
      credentials: "same-origin",
    });
    const stored = storage.getItem(SESSION_KEY)!;
    expect(stored).not.toMatch(/token/i);
    expect(new SessionManager(storage).session?.user.id).toBe("u1");
    expect(await sessions.csrfToken()).toBe("csrf1");

    await sessions.logout();
    expect(calls[1]).toMatchObject({ url: "/api/auth/logout", csrf: "csrf1", credentials: "same-origin" });
    expect(storage.getItem(SESSION_KEY)).toBeNull();
    expect(sessions.signOutReason).toBe("signed-out");
  });

  it("forgets a session an older version stored with its tokens", () => {
    const { storage } = setup([]);
    storage.setItem(SESSION_KEY, JSON.stringify({ accessToken: "at", refreshToken: "rt", expiresAt: new Date().toISOString(), user }));
    expect(new SessionManager(storage).session).toBeNull();
    expect(storage.getItem(SESSION_KEY)).toBeNull();
  });

  it("asks the gateway for the CSRF token once after a reload", async () => {
    const { calls, storage } = setup([json(200, issued(1)), json(200, { user, expiresAt: issued(2).expiresAt, csrfToken: "csrf2" })]);
    await new SessionManager(storage).login("sari@smk.id", "pw");
    const reloaded = new SessionManager(storage);
    const tokens = await Promise.all([reloaded.csrfToken(), reloaded.csrfToken()]);
    expect(tokens).toEqual(["csrf2", "csrf2"]);
    expect(calls.map((c) => c.url)).toEqual(["/api/auth/login", "/api/auth/session"]);
  });

  it("refreshes the cookie once for many callers when it has run out", async () => {
    const { calls, storage } = setup([json(200, issued(1, -1)), json(200, issued(2))]);
    const sessions = new SessionManager(storage);
    await sessions.login("sari@smk.id", "pw");
    const live = await Promise.all([sessions.ensureFresh(), sessions.ensureFresh(), sessions.ensureFresh()]);
    expect(live).toEqual([true, true, true]);
    expect(calls.filter((c) => c.url === "/api/auth/refresh")).toMatchObject([{ url: "/api/auth/refresh", body: {} }]);
    expect(await sessions.csrfToken()).toBe("csrf2");
  });

  it("retries a 401 after refreshing, and ends the session when refreshing fails", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { storage } = setup([json(200, issued(1)), json(200, issued(2)), json(401, { title: "The refresh token is not valid." })]);
    const sessions = new SessionManager(storage);
    await sessions.login("sari@smk.id", "pw");
    vi.setSystemTime(Date.now() + 30_000);
    expect(await sessions.recoverFrom401(Date.now())).toBe(true);
    vi.setSystemTime(Date.now() + 30_000);
    const seen: (string | null)[] = [];
    sessions.subscribe((_, reason) => seen.push(reason));
    expect(await sessions.recoverFrom401(Date.now())).toBe(false);
    expect(sessions.session).toBeNull();
    expect(seen).toEqual(["expired"]);
    expect(storage.getItem(SESSION_KEY)).toBeNull();
  });

  it("does not refresh a brand-new session that gets a 401: the session is simply over", async () => {
    const { calls, storage } = setup([json(200, issued(1))]);
    const sessions = new SessionManager(storage);
    await sessions.login("sari@smk.id", "pw");
    expect(await sessions.recoverFrom401(Date.now())).toBe(false);
    expect(calls.map((c) => c.url)).toEqual(["/api/auth/login"]);
    expect(sessions.signOutReason).toBe("expired");
  });

  it("retries without refreshing when another call refreshed after this one was sent", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { calls, storage } = setup([json(200, issued(1)), json(200, issued(2))]);
    const sessions = new SessionManager(storage);
    await sessions.login("sari@smk.id", "pw");
    vi.setSystemTime(Date.now() + 30_000);
    const sentAt = Date.now();
    vi.setSystemTime(Date.now() + 1_000);
    await sessions.refresh();
    expect(await sessions.recoverFrom401(sentAt)).toBe(true);
    expect(calls.filter((c) => c.url === "/api/auth/refresh")).toHaveLength(1);
  });

  it("uses the cookie another tab already refreshed", async () => {
    const { calls, storage } = setup([json(200, issued(1))]);
    const sessions = new SessionManager(storage);
    await sessions.login("sari@smk.id", "pw");
    const other = { ...JSON.parse(storage.getItem(SESSION_KEY)!), receivedAt: Date.now() + 5_000 };
    storage.setItem(SESSION_KEY, JSON.stringify(other));
    expect((await sessions.refresh())?.receivedAt).toBe(other.receivedAt);
    expect(calls.map((c) => c.url)).toEqual(["/api/auth/login"]);
  });

  it("checks with the gateway when the live stream says the session ended, and signs out when it has", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { storage } = setup([json(200, issued(1)), json(401, { title: "ended" }), json(401, { title: "The refresh token is not valid." })]);
    const sessions = new SessionManager(storage);
    await sessions.login("sari@smk.id", "pw");
    vi.setSystemTime(Date.now() + 30_000);
    expect(await sessions.verify()).toBe(false);
    expect(sessions.session).toBeNull();
    expect(sessions.signOutReason).toBe("expired");
  });
});
