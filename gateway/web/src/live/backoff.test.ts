import { afterEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, debounce, DEFAULT_BACKOFF } from "./backoff";

const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };

describe("backoffDelay", () => {
  it("doubles from one second", () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, noJitter))).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it("never waits longer than the cap", () => {
    expect(backoffDelay(5, noJitter)).toBe(30_000);
    expect(backoffDelay(50, noJitter)).toBe(30_000);
    expect(backoffDelay(10_000, noJitter)).toBe(30_000);
  });

  it("spreads the delay by the jitter share", () => {
    expect(backoffDelay(2, DEFAULT_BACKOFF, () => 0)).toBe(3200); // 4000 − 20 %
    expect(backoffDelay(2, DEFAULT_BACKOFF, () => 0.5)).toBe(4000);
    expect(backoffDelay(2, DEFAULT_BACKOFF, () => 1)).toBe(4800); // 4000 + 20 %
  });

  it("keeps jitter under the cap", () => {
    expect(backoffDelay(20, DEFAULT_BACKOFF, () => 1)).toBe(30_000);
  });

  it("treats bad attempt numbers as the first", () => {
    expect(backoffDelay(-3, noJitter)).toBe(1000);
    expect(backoffDelay(1.7, noJitter)).toBe(2000);
  });
});

describe("debounce", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs once after a burst", () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 300);
    d();
    vi.advanceTimersByTime(200);
    d();
    vi.advanceTimersByTime(200);
    d();
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("can be cancelled", () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 300);
    d();
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
  });
});
