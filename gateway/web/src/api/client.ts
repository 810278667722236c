import { CSRF_HEADER, SessionManager } from "../auth/sessionManager";
import { NetworkError, problemFrom, queryString } from "./problem";

/** The one session of this browser tab. */
export const sessions = new SessionManager();

type Query = Parameters<typeof queryString>[0];

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

async function send(path: string, options: RequestOptions, csrf: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (csrf) headers[CSRF_HEADER] = csrf;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  try {
    // The session cookie goes by itself (same origin); the CSRF header proves a write comes from this app.
    return await fetch(path + queryString(options.query ?? {}), {
      method: options.method ?? "GET",
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new NetworkError(error);
  }
}

/**
 * Calls the gateway with the session cookie (and the CSRF token on writes). A 401 gets one refresh-and-retry; if that
 * fails the session ends and the app returns to sign-in. Other failures throw ApiError with the problem details.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  await sessions.ensureFresh();
  const write = (options.method ?? "GET") !== "GET";
  const csrf = write ? await sessions.csrfToken() : null;
  const sentAt = Date.now();
  let response = await send(path, options, csrf);
  if (response.status === 401 && (await sessions.recoverFrom401(sentAt))) {
    response = await send(path, options, write ? await sessions.csrfToken() : null);
  }
  if (response.status === 401) sessions.expire();
  if (!response.ok) throw await problemFrom(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
