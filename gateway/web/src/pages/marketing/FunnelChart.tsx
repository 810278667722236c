import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { FunnelRow } from "../../api/types";
import { useI18n } from "../../i18n/I18nProvider";

// SVG fill attributes cannot read CSS variables, so the palette (matching styles.css) lives here.
const COLORS = { leads: "#94a3b8", qualified: "#0ea5e9", contacted: "#6366f1", won: "#16a34a" } as const;
const MAX_BARS = 10;

function shorten(text: string, max = 14): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function FunnelChart({ rows }: { rows: FunnelRow[] }) {
  const { t, number } = useI18n();
  const data = rows.slice(0, MAX_BARS);
  return (
    <figure className="chart" data-testid="funnel-chart" aria-label={t("funnel.chart")}>
      <ResponsiveContainer width="100%" height={300}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="key" tickFormatter={(v: string) => shorten(v)} interval={0} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} width={40} tick={{ fontSize: 12 }} tickFormatter={(v: number) => number(v)} />
          <Tooltip formatter={(value) => number(typeof value === "number" ? value : Number(value))} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          <Bar dataKey="leads" name={t("funnel.leads")} fill={COLORS.leads} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="qualified" name={t("funnel.qualified")} fill={COLORS.qualified} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="contacted" name={t("funnel.contacted")} fill={COLORS.contacted} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="won" name={t("funnel.won")} fill={COLORS.won} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted small">{t("funnel.chart")}</figcaption>
    </figure>
  );
}
