import type { ModelDocument } from "../../api/types";
import { useI18n } from "../../i18n/I18nProvider";
import { conditionText } from "./conditionText";

/** A model's rules and thresholds as marketing and sales read them together. */
export function ModelRules({ model }: { model: ModelDocument }) {
  const { t, number } = useI18n();
  const words = {
    and: t("cond.and"),
    or: t("cond.or"),
    not: t("cond.not"),
    in: t("cond.in"),
    containsAny: t("cond.containsAny"),
    exists: t("cond.exists"),
    freeMail: t("cond.freeMail"),
    notFreeMail: t("cond.notFreeMail"),
  };
  const c = model.gradeCutoffs;
  const q = model.qualification;
  const d = model.decay;
  return (
    <div className="model-rules">
      {model.description && <p>{model.description}</p>}
      <ul className="model-thresholds">
        {c && <li>{t("models.cutoffs", { a: c.A ?? "–", b: c.B ?? "–", c: c.C ?? "–" })}</li>}
        {q && <li>{t("models.thresholds", { mql: q.mql ?? "–", sql: q.sql ?? "–" })}</li>}
        {d && <li>{t("models.decay", { points: number(d.pointsPerDay ?? 0, 2), grace: d.graceDays ?? 0, max: d.maxPoints ?? 0 })}</li>}
      </ul>
      <div className="table-wrap">
        <table className="table table-stack table-compact" data-testid="model-rules">
          <thead>
            <tr>
              <th scope="col">{t("models.rule")}</th>
              <th scope="col" className="num">{t("models.points")}</th>
              <th scope="col">{t("models.explanation")}</th>
              <th scope="col">{t("models.condition")}</th>
            </tr>
          </thead>
          <tbody>
            {(model.rules ?? []).map((rule, index) => (
              <tr key={rule.id ?? index} data-testid="model-rule" data-rule-id={rule.id}>
                <td data-label={t("models.rule")}>
                  <code>{rule.id}</code>
                  {rule.category && <div className="muted small">{rule.category}</div>}
                </td>
                <td data-label={t("models.points")} className={`num ${(rule.points ?? 0) >= 0 ? "plus" : "minus"}`}>
                  {(rule.points ?? 0) > 0 ? `+${rule.points}` : rule.points}
                </td>
                <td data-label={t("models.explanation")}>{rule.explanation}</td>
                <td data-label={t("models.condition")} className="condition">
                  <code>{conditionText(rule.when, words)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
