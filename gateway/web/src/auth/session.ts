import type { LoginResponse, User } from "../api/types";

/** What survives a reload: the tokens and who signed in. */
export interface Session {
  accessToken: string;
  /** ISO time the access token stops working (server clock). */
  expiresAt: string;
  refreshToken: string | null;
  user: User;
  /** Client time (ms) the access token was received; a token this fresh that still gets a 401 is not worth refreshing. */
  receivedAt: number;
}

export const SESSION_KEY = "smarketing.session";

/** Refresh this long before the access token runs out, so a request never leaves with a dying token. */
export const REFRESH_MARGIN_MS = 60_000;

export function sessionFrom(response: LoginResponse, now: number): Session {
  return {
    accessToken: response.accessToken,
    expiresAt: response.expiresAt,
    refreshToken: response.refreshToken ?? null,
    user: response.user,
    receivedAt: now,
  };
}

export function parseSession(raw: string | null): Session | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Session> | null;
    if (!value || typeof value.accessToken !== "string" || typeof value.expiresAt !== "string" || !value.user) return null;
    if (typeof value.user.role !== "string" || typeof value.user.id !== "string") return null;
    return {
      accessToken: value.accessToken,
      expiresAt: value.expiresAt,
      refreshToken: typeof value.refreshToken === "string" ? value.refreshToken : null,
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

/** True when the access token is gone or about to go and should be exchanged before the next call. */
export function needsRefresh(session: Session, now: number, marginMs = REFRESH_MARGIN_MS): boolean {
  return expiresAtMs(session) - marginMs <= now;
}

/** How long to wait before refreshing in the background (never negative). */
export function refreshDelay(session: Session, now: number, marginMs = REFRESH_MARGIN_MS): number {
  return Math.max(0, expiresAtMs(session) - marginMs - now);
}

export function readStoredSession(storage: Storage | undefined): Session | null {
  try {
    return parseSession(storage?.getItem(SESSION_KEY) ?? null);
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
