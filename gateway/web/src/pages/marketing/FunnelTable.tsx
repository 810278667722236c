import type { FunnelRow } from "../../api/types";
import { useI18n } from "../../i18n/I18nProvider";
import { FUNNEL_METRICS, type Metric } from "./funnelMetrics";

export function useMetricFormat() {
  const { money, number, percent, duration } = useI18n();
  return (metric: Metric, value: number | null) => {
    switch (metric.kind) {
      case "money":
        return money(value);
      case "rate":
        return percent(value);
      case "duration":
        return duration(value);
      case "decimal":
        return number(value, 1);
      default:
        return number(value);
    }
  };
}

/** All funnel figures per campaign; wide, so it scrolls sideways inside its own box on a phone. */
export function FunnelTable({ rows }: { rows: FunnelRow[] }) {
  const { t } = useI18n();
  const format = useMetricFormat();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t("funnel.title")}>
      <table className="table table-wide" data-testid="funnel-table">
        <thead>
          <tr>
            <th scope="col" className="sticky-col">{t("funnel.campaign")}</th>
            {FUNNEL_METRICS.map((m) => (
              <th key={m.key} scope="col" className="num">
                {t(m.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-testid="funnel-row" data-key={row.key}>
              <th scope="row" className="sticky-col">{row.key}</th>
              {FUNNEL_METRICS.map((m) => (
                <td key={m.key} className="num">
                  {format(m, row[m.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
