import type { FunnelRow } from "../../api/types";
import type { MessageKey } from "../../i18n/dictionary";

export type MetricKind = "count" | "money" | "rate" | "duration" | "decimal";

export interface Metric {
  key: Exclude<keyof FunnelRow, "key">;
  label: MessageKey;
  kind: MetricKind;
  /** Which way is better when two campaigns are compared. */
  better: "higher" | "lower" | "none";
}

export const FUNNEL_METRICS: Metric[] = [
  { key: "visits", label: "funnel.visits", kind: "count", better: "none" },
  { key: "clicks", label: "funnel.clicks", kind: "count", better: "none" },
  { key: "spend", label: "funnel.spend", kind: "money", better: "none" },
  { key: "leads", label: "funnel.leads", kind: "count", better: "higher" },
  { key: "qualified", label: "funnel.qualified", kind: "count", better: "higher" },
  { key: "assigned", label: "funnel.assigned", kind: "count", better: "none" },
  { key: "contacted", label: "funnel.contacted", kind: "count", better: "higher" },
  { key: "won", label: "funnel.won", kind: "count", better: "higher" },
  { key: "lost", label: "funnel.lost", kind: "count", better: "none" },
  { key: "revenue", label: "funnel.revenue", kind: "money", better: "higher" },
  { key: "leadRate", label: "funnel.leadRate", kind: "rate", better: "higher" },
  { key: "qualifiedRate", label: "funnel.qualifiedRate", kind: "rate", better: "higher" },
  { key: "winRate", label: "funnel.winRate", kind: "rate", better: "higher" },
  { key: "costPerLead", label: "funnel.costPerLead", kind: "money", better: "lower" },
  { key: "costPerWon", label: "funnel.costPerWon", kind: "money", better: "lower" },
  { key: "medianSpeedToLeadSeconds", label: "funnel.speed", kind: "duration", better: "lower" },
  { key: "avgTouchesPerLead", label: "funnel.touches", kind: "decimal", better: "higher" },
];

/** "a", "b" or null (equal, unknown, or a metric with no better side). */
export function betterSide(metric: Metric, a: number | null, b: number | null): "a" | "b" | null {
  if (metric.better === "none" || a === null || b === null || a === b) return null;
  const aWins = metric.better === "higher" ? a > b : a < b;
  return aWins ? "a" : "b";
}
