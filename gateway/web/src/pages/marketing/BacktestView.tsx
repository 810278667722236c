import type { BacktestResponse } from "../../api/types";
import { useI18n } from "../../i18n/I18nProvider";

export function BacktestView({ result }: { result: BacktestResponse }) {
  const { t, number, percent } = useI18n();
  const active = result.active && result.active.version !== result.version ? result.active : null;
  const activeGrade = (grade: string) => active?.grades.find((g) => g.grade === grade);
  return (
    <div className="backtest" data-testid="backtest-result" data-version={result.version}>
      <h3 className="subhead">{t("backtest.title", { version: result.version })}</h3>
      <p>
        {t("backtest.summary", { leads: number(result.leads), won: number(result.won) })}
        {result.flagged > 0 && <> · {t("backtest.flagged", { count: number(result.flagged) })}</>}
      </p>
      <div className="table-wrap">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col" className="num">{t("backtest.thisModel", { version: result.version })}</th>
              {active && <th scope="col" className="num">{t("backtest.activeModel", { version: active.version })}</th>}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t("backtest.auc")}</th>
              <td className="num" data-testid="backtest-auc">{number(result.auc, 3)}</td>
              {active && <td className="num">{number(active.auc, 3)}</td>}
            </tr>
            <tr>
              <th scope="row">{t("backtest.liftA")}</th>
              <td className="num">{number(result.liftA, 2)}</td>
              {active && <td className="num">{number(active.liftA, 2)}</td>}
            </tr>
            <tr>
              <th scope="row">{t("backtest.winRate")}</th>
              <td className="num">{percent(result.winRate)}</td>
              {active && <td className="num">{percent(active.winRate)}</td>}
            </tr>
            {result.grades.map((g) => {
              const other = activeGrade(g.grade);
              return (
                <tr key={g.grade} data-grade={g.grade}>
                  <th scope="row">
                    {t("backtest.grade")} {g.grade}
                  </th>
                  <td className="num">
                    {percent(g.winRate)} <span className="muted small">({number(g.won)}/{number(g.count)})</span>
                  </td>
                  {active && (
                    <td className="num">
                      {other ? (
                        <>
                          {percent(other.winRate)} <span className="muted small">({number(other.won)}/{number(other.count)})</span>
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
