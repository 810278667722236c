import { describe, expect, it } from "vitest";
import { betterSide, FUNNEL_METRICS } from "./funnelMetrics";

const metric = (key: string) => FUNNEL_METRICS.find((m) => m.key === key)!;

describe("campaign comparison", () => {
  it("prefers higher win rates and lower costs", () => {
    expect(betterSide(metric("winRate"), 0.2, 0.1)).toBe("a");
    expect(betterSide(metric("costPerLead"), 50_000, 20_000)).toBe("b");
    expect(betterSide(metric("medianSpeedToLeadSeconds"), 300, 3600)).toBe("a");
  });

  it("calls no winner for ties, missing rates or volume-only figures", () => {
    expect(betterSide(metric("winRate"), 0.2, 0.2)).toBeNull();
    expect(betterSide(metric("winRate"), null, 0.2)).toBeNull();
    expect(betterSide(metric("visits"), 1000, 10)).toBeNull();
  });
});
