import { useId, useState } from "react";
import type { FunnelRow } from "../../api/types";
import { Empty } from "../../components/ui";
import { useI18n } from "../../i18n/I18nProvider";
import { betterSide, FUNNEL_METRICS } from "./funnelMetrics";
import { useMetricFormat } from "./FunnelTable";

export function CampaignCompare({ rows }: { rows: FunnelRow[] }) {
  const { t } = useI18n();
  const id = useId();
  const format = useMetricFormat();
  const [first, setFirst] = useState(rows[0]?.key ?? "");
  const [second, setSecond] = useState(rows[1]?.key ?? "");
  const a = rows.find((r) => r.key === first);
  const b = rows.find((r) => r.key === second);

  const picker = (value: string, set: (v: string) => void, label: string, testId: string, suffix: string) => (
    <div className="field">
      <label htmlFor={`${id}-${suffix}`}>{label}</label>
      <select id={`${id}-${suffix}`} data-testid={testId} value={value} onChange={(e) => set(e.target.value)}>
        <option value="">–</option>
        {rows.map((r) => (
          <option key={r.key} value={r.key}>
            {r.key}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <div className="compare">
      <div className="form-grid">
        {picker(first, setFirst, t("compare.first"), "compare-a", "a")}
        {picker(second, setSecond, t("compare.second"), "compare-b", "b")}
      </div>
      {!a || !b ? (
        <Empty>{t("compare.pick")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table table-compare" data-testid="compare-table">
            <thead>
              <tr>
                <th scope="col">{t("compare.metric")}</th>
                <th scope="col" className="num">{a.key}</th>
                <th scope="col" className="num">{b.key}</th>
              </tr>
            </thead>
            <tbody>
              {FUNNEL_METRICS.map((m) => {
                const side = betterSide(m, a[m.key], b[m.key]);
                return (
                  <tr key={m.key} data-metric={m.key}>
                    <th scope="row">{t(m.label)}</th>
                    <td className={`num${side === "a" ? " is-better" : ""}`}>
                      {format(m, a[m.key])}
                      {side === "a" && <span className="sr-only"> ({t("compare.better")})</span>}
                    </td>
                    <td className={`num${side === "b" ? " is-better" : ""}`}>
                      {format(m, b[m.key])}
                      {side === "b" && <span className="sr-only"> ({t("compare.better")})</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
