import type { LoginResponse } from "../api/types";
import { NetworkError, problemFrom } from "../api/problem";
import {
  type Session,
  SESSION_KEY,
  needsRefresh,
  readStoredSession,
  refreshDelay,
  sessionFrom,
  writeStoredSession,
} from "./session";

export type SignOutReason = "signed-out" | "expired";
type Listener = (session: Session | null, reason: SignOutReason | null) => void;

/** A token this young that still gets a 401 is wrong, not old: refreshing would not help. */
const FRESH_TOKEN_MS = 10_000;

async function postJson(path: string, body: unknown): Promise<Response> {
  try {
    return await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new NetworkError(error);
  }
}

/**
 * Owns the signed-in session: keeps it in localStorage (so it survives a reload and is shared by tabs), exchanges the
 * refresh token shortly before the access token expires, and tells the screens when the session ends.
 */
export class SessionManager {
  private current: Session | null;
  private lastReason: SignOutReason | null = null;
  private readonly listeners = new Set<Listener>();
  private refreshing: Promise<Session | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly storage: Storage | undefined;

  constructor(storage: Storage | undefined = globalThis.localStorage) {
    this.storage = storage;
    this.current = readStoredSession(storage);
    this.schedule();
    globalThis.addEventListener?.("storage", (event: StorageEvent) => {
      if (event.key !== SESSION_KEY && event.key !== null) return;
      // Another tab signed in, refreshed (the refresh token rotates) or signed out.
      const next = readStoredSession(this.storage);
      if (next?.accessToken === this.current?.accessToken) return;
      this.set(next, next ? null : "signed-out", false);
    });
  }

  get session(): Session | null {
    return this.current;
  }

  get signOutReason(): SignOutReason | null {
    return this.lastReason;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async login(email: string, password: string): Promise<Session> {
    const response = await postJson("/api/auth/login", { email, password });
    if (!response.ok) throw await problemFrom(response);
    const session = sessionFrom((await response.json()) as LoginResponse, Date.now());
    this.set(session, null, true);
    return session;
  }

  /** Revokes the refresh token on the server (best effort) and forgets the session here. */
  async logout(): Promise<void> {
    const refreshToken = this.current?.refreshToken;
    this.set(null, "signed-out", true);
    if (refreshToken) {
      try {
        await postJson("/api/auth/logout", { refreshToken });
      } catch {
        // Offline: the refresh token runs out by itself; it is gone from this browser already.
      }
    }
  }

  /** The token to send now, refreshed first when it has (nearly) run out. */
  async accessToken(): Promise<string | null> {
    const session = this.current;
    if (!session) return null;
    if (session.refreshToken && needsRefresh(session, Date.now(), 5_000)) {
      try {
        return (await this.refresh())?.accessToken ?? null;
      } catch {
        return this.current?.accessToken ?? null;
      }
    }
    return session.accessToken;
  }

  /**
   * A call came back 401 with `usedToken`. Returns the token to retry with, or null when the session is over
   * (which also signs out, sending the screens back to sign-in).
   */
  async recoverFrom401(usedToken: string | null): Promise<string | null> {
    const session = this.current;
    if (!session) return null;
    if (usedToken && session.accessToken !== usedToken) return session.accessToken;
    const fresh = Date.now() - session.receivedAt < FRESH_TOKEN_MS;
    if (session.refreshToken && !fresh) {
      try {
        const next = await this.refresh();
        if (next) return next.accessToken;
      } catch (error) {
        if (error instanceof NetworkError) throw error;
      }
    }
    this.expire();
    return null;
  }

  /** The session ended on the server side (401): forget it and show sign-in with a notice. */
  expire(): void {
    if (this.current) this.set(null, "expired", true);
  }

  /** Exchanges the refresh token once, however many callers ask at the same moment (and across tabs via a lock). */
  refresh(): Promise<Session | null> {
    if (!this.refreshing) {
      this.refreshing = this.withLock(() => this.doRefresh()).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<Session | null> {
    const before = this.current;
    // Another tab may have refreshed already: the stored refresh token is then the live one.
    const stored = readStoredSession(this.storage);
    if (stored && before && stored.refreshToken !== before.refreshToken && !needsRefresh(stored, Date.now())) {
      this.set(stored, null, false);
      return stored;
    }
    const refreshToken = stored?.refreshToken ?? before?.refreshToken;
    if (!refreshToken) return null;
    const response = await postJson("/api/auth/refresh", { refreshToken });
    if (!response.ok) {
      const problem = await problemFrom(response);
      if (problem.status === 401 || problem.status === 400) {
        this.set(null, "expired", true);
        return null;
      }
      throw problem;
    }
    const session = sessionFrom((await response.json()) as LoginResponse, Date.now());
    // Signed out while the call was in flight: do not bring the session back.
    if (!this.current) return null;
    this.set(session, null, true);
    return session;
  }

  private async withLock<T>(work: () => Promise<T>): Promise<T> {
    const locks = globalThis.navigator?.locks;
    if (!locks) return work();
    return locks.request("smarketing-refresh", work) as Promise<T>;
  }

  private set(session: Session | null, reason: SignOutReason | null, persist: boolean): void {
    this.current = session;
    this.lastReason = reason;
    if (persist) writeStoredSession(this.storage, session);
    this.schedule();
    for (const listener of [...this.listeners]) listener(session, reason);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const session = this.current;
    if (!session?.refreshToken) return;
    // A little jitter so two open tabs rarely race for the same rotation.
    const delay = refreshDelay(session, Date.now()) + Math.floor(Math.random() * 15_000);
    this.timer = setTimeout(() => {
      this.refresh().catch(() => {
        // Offline: the next call retries (accessToken() refreshes a token that has run out).
      });
    }, Math.min(delay, 2_147_000_000));
  }
}

