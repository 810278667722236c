import { describe, expect, it } from "vitest";
import { needsRefresh, parseSession, refreshDelay, sessionFrom } from "./session";

const response = {
  expiresAt: "2026-11-23T01:15:00Z",
  user: { id: "u1", name: "Budi", email: "budi@x.id", role: "sales_rep" as const, repId: "r1" },
};

describe("session", () => {
  it("round-trips through storage text", () => {
    const session = sessionFrom(response, 123);
    expect(parseSession(JSON.stringify(session))).toEqual(session);
  });

  it("rejects broken or foreign storage", () => {
    expect(parseSession(null)).toBeNull();
    expect(parseSession("{")).toBeNull();
    expect(parseSession('{"expiresAt":"2026-11-23T01:15:00Z"}')).toBeNull();
    // An older version kept the tokens in storage: such a session is not taken over.
    expect(parseSession(JSON.stringify({ ...sessionFrom(response, 0), accessToken: "a" }))).toBeNull();
    expect(parseSession("null")).toBeNull();
  });

  it("refreshes a minute before expiry", () => {
    const session = sessionFrom(response, 0);
    const expiry = Date.parse(response.expiresAt);
    expect(needsRefresh(session, expiry - 120_000)).toBe(false);
    expect(needsRefresh(session, expiry - 30_000)).toBe(true);
    expect(refreshDelay(session, expiry - 120_000)).toBe(60_000);
    expect(refreshDelay(session, expiry + 1)).toBe(0);
  });
});
