import type { User } from "../api/types";

/**
 * What the tab knows of its session. The tokens themselves live in HttpOnly cookies the gateway sets: page script
 * never sees them, so an injected script cannot carry them off. Only this (who, until when) is kept in storage, so a
 * reload and the other tabs know someone is signed in.
 */
export interface Session {
  /** ISO time the access cookie stops working (server clock). */
  expiresAt: string;
  user: User;
  /** Client time (ms) the access cookie was set; one this fresh that still gets a 401 is not worth refreshing. */
  receivedAt: number;
}

export const SESSION_KEY = "smarketing.session";

/** Refresh this long before the access cookie runs out, so a request never leaves with a dying token. */
export const REFRESH_MARGIN_MS = 60_000;

export function sessionFrom(response: { expiresAt: string; user: User }, now: number): Session {
  return { expiresAt: response.expiresAt, user: response.user, receivedAt: now };
}

export function parseSession(raw: string | null): Session | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as (Partial<Session> & { accessToken?: unknown }) | null;
    if (!value || typeof value.expiresAt !== "string" || !value.user) return null;
    // Stored by an older version, with the tokens in it: that sign-in has no cookies, so it is over.
    if ("accessToken" in value) return null;
    if (typeof value.user.role !== "string" || typeof value.user.id !== "string") return null;
    return {
      expiresAt: value.expiresAt,
      user: value.user,
      receivedAt: typeof value.receivedAt === "number" ? value.receivedAt : 0,
    };
  } catch {
    return null;
  }
}

export function expiresAtMs(session: Session): number {
  const ms = Date.parse(session.expiresAt);
  return Number.isNaN(ms) ? 0 : ms;
}

/** True when the access cookie is gone or about to go and should be exchanged before the next call. */
export function needsRefresh(session: Session, now: number, marginMs = REFRESH_MARGIN_MS): boolean {
  return expiresAtMs(session) - marginMs <= now;
}

/** How long to wait before refreshing in the background (never negative). */
export function refreshDelay(session: Session, now: number, marginMs = REFRESH_MARGIN_MS): number {
  return Math.max(0, expiresAtMs(session) - marginMs - now);
}

export function readStoredSession(storage: Storage | undefined): Session | null {
  try {
    const raw = storage?.getItem(SESSION_KEY) ?? null;
    const session = parseSession(raw);
    // Never leave an older version's tokens lying in storage.
    if (raw && !session) storage?.removeItem(SESSION_KEY);
    return session;
  } catch {
    return null;
  }
}

export function writeStoredSession(storage: Storage | undefined, session: Session | null): void {
  try {
    if (session) storage?.setItem(SESSION_KEY, JSON.stringify(session));
    else storage?.removeItem(SESSION_KEY);
  } catch {
    // Private browsing or a full quota: the session then lasts as long as the tab.
  }
}
