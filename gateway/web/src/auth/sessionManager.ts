import type { LoginResponse, SessionResponse } from "../api/types";
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

/** A session this young that still gets a 401 is wrong, not old: refreshing would not help. */
const FRESH_TOKEN_MS = 10_000;

/** The header the gateway checks on every write made with the session cookie. */
export const CSRF_HEADER = "X-CSRF-Token";

async function send(path: string, method: "GET" | "POST", csrf: string | null, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (csrf) headers[CSRF_HEADER] = csrf;
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new NetworkError(error);
  }
}

/**
 * Owns the signed-in session. The gateway keeps the tokens in HttpOnly cookies; this keeps who is signed in and until
 * when (in localStorage, so a reload and other tabs know), the CSRF token for writes (in memory only), exchanges the
 * refresh cookie shortly before the access cookie expires, and tells the screens when the session ends.
 */
export class SessionManager {
  private current: Session | null;
  private csrf: string | null = null;
  private lastReason: SignOutReason | null = null;
  private readonly listeners = new Set<Listener>();
  private refreshing: Promise<Session | null> | null = null;
  private fetchingCsrf: Promise<string | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly storage: Storage | undefined;

  constructor(storage: Storage | undefined = globalThis.localStorage) {
    this.storage = storage;
    this.current = readStoredSession(storage);
    this.schedule();
    globalThis.addEventListener?.("storage", (event: StorageEvent) => {
      if (event.key !== SESSION_KEY && event.key !== null) return;
      // Another tab signed in, refreshed (the cookies changed under us too) or signed out.
      const next = readStoredSession(this.storage);
      if (next?.receivedAt === this.current?.receivedAt) return;
      if (next?.user.id !== this.current?.user.id) this.csrf = null;
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
    const response = await send("/api/auth/login", "POST", null, { email, password, session: "cookie" });
    if (!response.ok) throw await problemFrom(response);
    const body = (await response.json()) as LoginResponse;
    this.csrf = body.csrfToken ?? null;
    const session = sessionFrom(body, Date.now());
    this.set(session, null, true);
    return session;
  }

  /** Ends the session on the server (its cookies are cleared there) and forgets it here. */
  async logout(): Promise<void> {
    const csrf = this.csrf;
    const signedIn = this.current !== null;
    this.csrf = null;
    this.set(null, "signed-out", true);
    if (!signedIn) return;
    try {
      await send("/api/auth/logout", "POST", csrf, {});
    } catch {
      // Offline: the session stays valid on the server until it expires, but this browser no longer uses it.
    }
  }

  /** True when signed in, with the access cookie refreshed first when it has (nearly) run out. */
  async ensureFresh(): Promise<boolean> {
    const session = this.current;
    if (!session) return false;
    if (needsRefresh(session, Date.now(), 5_000)) {
      try {
        await this.refresh();
      } catch {
        // Offline: let the call go and fail on its own.
      }
    }
    return this.current !== null;
  }

  /** The CSRF token for a write: kept from sign-in or refresh, or asked for once after a reload. */
  async csrfToken(): Promise<string | null> {
    if (this.csrf || !this.current) return this.csrf;
    if (!this.fetchingCsrf) {
      this.fetchingCsrf = this.fetchSession().finally(() => {
        this.fetchingCsrf = null;
      });
    }
    return this.fetchingCsrf;
  }

  /**
   * A call sent at `sentAt` came back 401. Returns true when it is worth retrying (the cookie was refreshed, here or
   * by another caller), false when the session is over (which also signs out, sending the screens back to sign-in).
   */
  async recoverFrom401(sentAt: number): Promise<boolean> {
    const session = this.current;
    if (!session) return false;
    if (session.receivedAt > sentAt) return true;
    const fresh = Date.now() - session.receivedAt < FRESH_TOKEN_MS;
    if (!fresh) {
      try {
        if (await this.refresh()) return true;
      } catch (error) {
        if (error instanceof NetworkError) throw error;
      }
    }
    this.expire();
    return false;
  }

  /** Checks with the gateway that the session still holds (the live stream said it ended); signs out if not. */
  async verify(): Promise<boolean> {
    this.csrf = null;
    return (await this.csrfToken()) !== null;
  }

  /** The session ended on the server side (401): forget it and show sign-in with a notice. */
  expire(): void {
    this.csrf = null;
    if (this.current) this.set(null, "expired", true);
  }

  /** Exchanges the refresh cookie once, however many callers ask at the same moment (and across tabs via a lock). */
  refresh(): Promise<Session | null> {
    if (!this.refreshing) {
      this.refreshing = this.withLock(() => this.doRefresh()).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async fetchSession(): Promise<string | null> {
    const sentAt = Date.now();
    let response = await send("/api/auth/session", "GET", null);
    if (response.status === 401 && (await this.recoverFrom401(sentAt))) {
      if (this.csrf) return this.csrf;
      response = await send("/api/auth/session", "GET", null);
    }
    if (response.status === 401) {
      this.expire();
      return null;
    }
    if (!response.ok) throw await problemFrom(response);
    const body = (await response.json()) as SessionResponse;
    if (!this.current) return null;
    this.csrf = body.csrfToken;
    return this.csrf;
  }

  private async doRefresh(): Promise<Session | null> {
    const before = this.current;
    // Another tab may have refreshed already: the cookies are then new, and so is what it stored.
    const stored = readStoredSession(this.storage);
    if (stored && before && stored.receivedAt > before.receivedAt && !needsRefresh(stored, Date.now())) {
      this.set(stored, null, false);
      return stored;
    }
    if (!before) return null;
    const response = await send("/api/auth/refresh", "POST", this.csrf, {});
    if (!response.ok) {
      const problem = await problemFrom(response);
      if (problem.status === 401 || problem.status === 400) {
        this.expire();
        return null;
      }
      throw problem;
    }
    const body = (await response.json()) as LoginResponse;
    // Signed out while the call was in flight: do not bring the session back.
    if (!this.current) return null;
    this.csrf = body.csrfToken ?? this.csrf;
    const session = sessionFrom(body, Date.now());
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
    if (!session) return;
    // A little jitter so two open tabs rarely race for the same rotation.
    const delay = refreshDelay(session, Date.now()) + Math.floor(Math.random() * 15_000);
    this.timer = setTimeout(() => {
      this.refresh().catch(() => {
        // Offline: the next call retries (ensureFresh() refreshes a cookie that has run out).
      });
    }, Math.min(delay, 2_147_000_000));
  }
}
