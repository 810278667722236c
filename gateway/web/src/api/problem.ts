/** An RFC 7807 problem (or any failed response) as the screens show it. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string | null;
  readonly detail: string | null;
  readonly errors: Record<string, string[]>;

  constructor(status: number, title: string | null, detail: string | null, errors: Record<string, string[]> = {}) {
    super(title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }

  /** Field messages flattened to "field: message" lines. */
  fieldMessages(): string[] {
    return Object.entries(this.errors).flatMap(([field, messages]) => messages.map((m) => `${field}: ${m}`));
  }
}

/** Thrown when the request never got an answer (offline, gateway down). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : "Network error");
    this.name = "NetworkError";
  }
}

export async function problemFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (body && typeof body === "object") {
    const p = body as { title?: unknown; detail?: unknown; errors?: unknown };
    const errors: Record<string, string[]> = {};
    if (p.errors && typeof p.errors === "object") {
      for (const [field, messages] of Object.entries(p.errors as Record<string, unknown>)) {
        errors[field] = Array.isArray(messages) ? messages.map(String) : [String(messages)];
      }
    }
    return new ApiError(
      response.status,
      typeof p.title === "string" ? p.title : null,
      typeof p.detail === "string" ? p.detail : null,
      errors,
    );
  }
  return new ApiError(response.status, null, null);
}

/** Builds "?a=1&b=x" from the defined, non-empty values. */
export function queryString(params: Record<string, string | number | boolean | null | undefined | readonly string[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, v);
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
