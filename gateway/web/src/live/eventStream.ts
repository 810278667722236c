import { LIVE_EVENT_TYPES, type LiveEvent, type LiveEventType } from "../api/types";
import { type BackoffOptions, DEFAULT_BACKOFF, backoffDelay } from "./backoff";

export type StreamState = "idle" | "connecting" | "open" | "retrying";

/** The part of EventSource used here, so tests can hand in a fake. */
export interface EventSourceLike {
  onopen: ((this: EventSourceLike, ev: Event) => unknown) | null;
  onerror: ((this: EventSourceLike, ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface LiveStreamOptions {
  /** The stream's URL, or null when nobody is signed in. Called again for every reconnect. */
  url: () => string | null | Promise<string | null>;
  /** The server closed the stream because the session ended, was signed out or changed role. */
  onSessionEnded?: () => void;
  createSource?: (url: string) => EventSourceLike;
  backoff?: BackoffOptions;
  random?: () => number;
  now?: () => number;
  /** A connection that stayed open this long before dropping starts the back-off again from the beginning. */
  stableMs?: number;
}

export const STREAM_PATH = "/api/events/stream";

/** The event the gateway sends just before it closes a stream whose session has ended. */
export const SESSION_ENDED = "session-ended";

export function parseLiveEvent(type: LiveEventType, raw: string): LiveEvent {
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === "object") data = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: still a signal that something changed.
  }
  return { type, leadId: typeof data.leadId === "string" ? data.leadId : null, data };
}

/**
 * The server's push channel (server-sent events), authenticated by the session cookie. On an error the source is
 * closed and reopened after an exponential back-off (the cookie may have been refreshed meanwhile), instead of
 * EventSource's fixed-delay retry.
 */
export class LiveEventStream {
  private source: EventSourceLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private openedAt: number | null = null;
  private running = false;
  private generation = 0;
  private currentState: StreamState = "idle";
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private readonly stateListeners = new Set<(state: StreamState) => void>();
  private readonly options: Required<LiveStreamOptions>;

  constructor(options: LiveStreamOptions) {
    this.options = {
      createSource: (url) => new EventSource(url) as unknown as EventSourceLike,
      onSessionEnded: () => {},
      backoff: DEFAULT_BACKOFF,
      random: Math.random,
      now: Date.now,
      stableMs: 10_000,
      ...options,
    };
  }

  get state(): StreamState {
    return this.currentState;
  }

  /** How many reconnects in a row have failed (for tests and diagnostics). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStateChange(listener: (state: StreamState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.failures = 0;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.generation++;
    this.clearTimer();
    this.closeSource();
    this.setState("idle");
  }

  /** Reconnect at once (the device came back online, the token changed). */
  reconnectNow(): void {
    if (!this.running) return;
    this.clearTimer();
    this.closeSource();
    void this.connect();
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.setState(this.failures > 0 ? "retrying" : "connecting");
    let url: string | null;
    try {
      url = await this.options.url();
    } catch {
      url = null;
      if (generation === this.generation && this.running) return this.scheduleRetry();
    }
    if (generation !== this.generation || !this.running) return;
    if (!url) {
      this.stop();
      return;
    }
    let source: EventSourceLike;
    try {
      source = this.options.createSource(url);
    } catch {
      return this.scheduleRetry();
    }
    this.source = source;
    source.onopen = () => {
      if (this.source !== source) return;
      this.openedAt = this.options.now();
      this.setState("open");
    };
    source.onerror = () => {
      if (this.source !== source) return;
      this.closeSource();
      this.scheduleRetry();
    };
    source.addEventListener(SESSION_ENDED, () => {
      if (this.source !== source) return;
      this.closeSource();
      this.options.onSessionEnded();
      this.scheduleRetry();
    });
    for (const type of LIVE_EVENT_TYPES) {
      source.addEventListener(type, (event: MessageEvent) => {
        if (this.source !== source) return;
        const live = parseLiveEvent(type, typeof event.data === "string" ? event.data : "");
        for (const listener of [...this.listeners]) listener(live);
      });
    }
  }

  private scheduleRetry(): void {
    if (!this.running) return;
    if (this.openedAt !== null && this.options.now() - this.openedAt >= this.options.stableMs) this.failures = 0;
    this.openedAt = null;
    const delay = backoffDelay(this.failures, this.options.backoff, this.options.random);
    this.failures++;
    this.setState("retrying");
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
  }

  private closeSource(): void {
    const source = this.source;
    this.source = null;
    if (source) {
      source.onopen = null;
      source.onerror = null;
      source.close();
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private setState(state: StreamState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    for (const listener of [...this.stateListeners]) listener(state);
  }
}
