import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveEvent } from "../api/types";
import { type EventSourceLike, LiveEventStream, parseLiveEvent, STREAM_PATH } from "./eventStream";

class FakeSource implements EventSourceLike {
  static all: FakeSource[] = [];
  onopen: EventSourceLike["onopen"] = null;
  onerror: EventSourceLike["onerror"] = null;
  closed = false;
  readonly handlers = new Map<string, (event: MessageEvent) => void>();
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.handlers.set(type, listener);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.call(this, new Event("open"));
  }
  fail() {
    this.onerror?.call(this, new Event("error"));
  }
  emit(type: string, data: string) {
    this.handlers.get(type)?.({ data } as MessageEvent);
  }
}

const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe("LiveEventStream", () => {
  let clock = 0;
  let token = "t1";

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSource.all = [];
    clock = 0;
    token = "t1";
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  const make = () =>
    new LiveEventStream({
      url: () => `${STREAM_PATH}?attempt=${token}`,
      createSource: (url) => new FakeSource(url),
      random: () => 0.5,
      now: () => clock,
    });

  const latest = () => FakeSource.all[FakeSource.all.length - 1]!;

  it("connects to the URL it is given", async () => {
    const stream = make();
    stream.start();
    await flush();
    expect(latest().url).toBe("/api/events/stream?attempt=t1");
    latest().open();
    expect(stream.state).toBe("open");
  });

  it("passes named events on with their lead id", async () => {
    const stream = make();
    const seen: LiveEvent[] = [];
    stream.subscribe((e) => seen.push(e));
    stream.start();
    await flush();
    latest().emit("lead-assigned", JSON.stringify({ leadId: "L1", repId: "R1" }));
    latest().emit("followup-overdue", "not json");
    expect(seen.map((e) => [e.type, e.leadId])).toEqual([
      ["lead-assigned", "L1"],
      ["followup-overdue", null],
    ]);
  });

  it("reconnects after errors with a growing delay and a fresh URL", async () => {
    const stream = make();
    stream.start();
    await flush();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const source = latest();
      source.fail();
      expect(source.closed).toBe(true);
      expect(stream.state).toBe("retrying");
      const before = FakeSource.all.length;
      let waited = 0;
      while (FakeSource.all.length === before && waited < 60_000) {
        vi.advanceTimersByTime(100);
        waited += 100;
        await flush();
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000]);
    token = "t2";
    latest().fail();
    vi.advanceTimersByTime(30_000);
    await flush();
    expect(latest().url).toBe("/api/events/stream?attempt=t2");
  });

  it("starts the back-off over after a connection that held", async () => {
    const stream = make();
    stream.start();
    await flush();
    latest().fail();
    vi.advanceTimersByTime(1000);
    await flush();
    latest().fail();
    expect(stream.consecutiveFailures).toBe(2);
    vi.advanceTimersByTime(2000);
    await flush();
    latest().open();
    clock += 60_000;
    latest().fail();
    expect(stream.consecutiveFailures).toBe(1);
    const before = FakeSource.all.length;
    vi.advanceTimersByTime(999);
    await flush();
    expect(FakeSource.all.length).toBe(before);
    vi.advanceTimersByTime(1);
    await flush();
    expect(FakeSource.all.length).toBe(before + 1);
  });

  it("does not reset the back-off for a connection that drops at once", async () => {
    const stream = make();
    stream.start();
    await flush();
    latest().fail();
    vi.advanceTimersByTime(1000);
    await flush();
    latest().open();
    clock += 500;
    latest().fail();
    expect(stream.consecutiveFailures).toBe(2);
  });

  it("tells the app when the server ends the stream because the session ended, then reconnects after a back-off", async () => {
    let ended = 0;
    const stream = new LiveEventStream({
      url: () => STREAM_PATH,
      createSource: (url) => new FakeSource(url),
      onSessionEnded: () => ended++,
      random: () => 0.5,
      now: () => clock,
    });
    stream.start();
    await flush();
    const first = latest();
    first.open();
    first.emit("session-ended", "{}");
    expect(first.closed).toBe(true);
    expect(ended).toBe(1);
    expect(stream.state).toBe("retrying");
    vi.advanceTimersByTime(120_000);
    await flush();
    expect(FakeSource.all.length).toBe(2);
  });

  it("stops for good when stopped or signed out", async () => {
    const stream = make();
    stream.start();
    await flush();
    const source = latest();
    stream.stop();
    expect(source.closed).toBe(true);
    expect(stream.state).toBe("idle");
    source.fail();
    vi.advanceTimersByTime(120_000);
    await flush();
    expect(FakeSource.all.length).toBe(1);

    const anonymous = new LiveEventStream({ url: () => null, createSource: (url) => new FakeSource(url) });
    anonymous.start();
    await flush();
    expect(FakeSource.all.length).toBe(1);
    expect(anonymous.state).toBe("idle");
  });
});

describe("parseLiveEvent", () => {
  it("keeps the whole payload", () => {
    expect(parseLiveEvent("lead-updated", '{"leadId":"x","status":"won"}')).toEqual({
      type: "lead-updated",
      leadId: "x",
      data: { leadId: "x", status: "won" },
    });
  });
});
