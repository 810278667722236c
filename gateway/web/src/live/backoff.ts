export interface BackoffOptions {
  /** Delay before the first retry. */
  initialMs: number;
  /** The delay never grows past this. */
  maxMs: number;
  /** Growth per failed attempt. */
  factor: number;
  /** Share of the delay that is randomised (0 = none, 0.2 = ±20 %), so many clients do not reconnect in step. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 30_000, factor: 2, jitter: 0.2 };

/**
 * How long to wait before reconnect attempt number `attempt` (0 for the first retry after a drop):
 * initial × factor^attempt, capped at max, then spread by ±jitter (and still never above max).
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const n = Math.max(0, Math.floor(attempt));
  const base = Math.min(options.maxMs, options.initialMs * Math.pow(options.factor, n));
  const spread = base * options.jitter * (random() * 2 - 1);
  return Math.round(Math.min(options.maxMs, Math.max(0, base + spread)));
}

/** Calls `fn` once, `waitMs` after the last of a burst of calls. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, waitMs: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const debounced = (...args: A) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, waitMs);
  };
  debounced.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return debounced;
}
