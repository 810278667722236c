import { Fragment, useState } from "react";
import { api } from "../../api/endpoints";
import type { BacktestResponse, Role, ScoringModel } from "../../api/types";
import { ErrorNotice, SuccessNotice } from "../../components/ErrorNotice";
import { Empty } from "../../components/ui";
import { useI18n } from "../../i18n/I18nProvider";
import { can } from "../../nav/access";
import { BacktestView } from "./BacktestView";
import { ModelRules } from "./ModelRules";

const APPROVABLE = new Set(["draft", "approved-by-one-side"]);

/** Whether this role's side still has to approve the model. */
function mayApprove(model: ScoringModel, role: Role): boolean {
  if (!can.approveModels(role) || !APPROVABLE.has(model.status)) return false;
  return role === "marketing" ? !model.approvals.marketing : !model.approvals.sales;
}

export function ModelsSection({ models, role, onChanged }: { models: ScoringModel[]; role: Role; onChanged: () => void }) {
  const { t, tv, dateTime, relative } = useI18n();
  const [open, setOpen] = useState<number | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [backtest, setBacktest] = useState<BacktestResponse | null>(null);

  const run = async (key: string, work: () => Promise<void>) => {
    setBusy(key);
    setError(null);
    setMessage(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const approve = (version: number) =>
    run(`approve-${version}`, async () => {
      await api.approveModel(version);
      setMessage(t("models.approved"));
      onChanged();
    });

  const test = (version: number) =>
    run(`backtest-${version}`, async () => {
      setBacktest(await api.backtest(version));
    });

  if (models.length === 0) return <Empty>{t("models.empty")}</Empty>;

  return (
    <div className="models">
      <p className="muted small">{t("models.approveHint")}</p>
      <ErrorNotice error={error} />
      <SuccessNotice message={message} onDismiss={() => setMessage(null)} />
      <div className="table-wrap">
        <table className="table table-stack" data-testid="model-table">
          <thead>
            <tr>
              <th scope="col">{t("models.version")}</th>
              <th scope="col">{t("models.name")}</th>
              <th scope="col">{t("models.status")}</th>
              <th scope="col">{t("models.createdBy")}</th>
              <th scope="col">{t("models.approvals")}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <Fragment key={m.version}>
                <tr data-testid="model-row" data-version={m.version} data-status={m.status}>
                  <td data-label={t("models.version")}>
                    <strong>v{m.version}</strong>
                  </td>
                  <td data-label={t("models.name")}>{m.name ?? "—"}</td>
                  <td data-label={t("models.status")}>
                    <span className={`badge model-${m.status}`} data-testid="model-status">
                      {tv("models.status", m.status)}
                    </span>
                    {m.rescore && m.rescore.status !== "completed" && (
                      <div className="muted small">{t("models.rescore", { done: m.rescore.done, total: m.rescore.total })}</div>
                    )}
                  </td>
                  <td data-label={t("models.createdBy")}>
                    {m.createdBy ?? "—"}
                    <div className="muted small" title={dateTime(m.createdAt)}>
                      {relative(m.createdAt)}
                    </div>
                  </td>
                  <td data-label={t("models.approvals")}>
                    <ul className="approvals" data-testid="model-approvals">
                      <li className={m.approvals.marketing ? "is-approved" : "muted"} data-side="marketing">
                        {m.approvals.marketing
                          ? t("models.approvedMarketing", { name: m.approvals.marketing.name, when: dateTime(m.approvals.marketing.at) })
                          : t("models.waitingMarketing")}
                      </li>
                      <li className={m.approvals.sales ? "is-approved" : "muted"} data-side="sales">
                        {m.approvals.sales
                          ? t("models.approvedSales", { name: m.approvals.sales.name, when: dateTime(m.approvals.sales.at) })
                          : t("models.waitingSales")}
                      </li>
                    </ul>
                  </td>
                  <td className="row-actions">
                    <button type="button" className="btn btn-small btn-ghost" aria-expanded={open === m.version} onClick={() => setOpen(open === m.version ? null : m.version)}>
                      {open === m.version ? t("models.hideRules") : t("models.showRules")}
                    </button>
                    {can.editModels(role) && (
                      <button
                        type="button"
                        className="btn btn-small"
                        data-testid="model-backtest"
                        data-version={m.version}
                        disabled={busy !== null}
                        onClick={() => test(m.version)}
                      >
                        {busy === `backtest-${m.version}` ? t("backtest.running") : t("backtest.run")}
                      </button>
                    )}
                    {mayApprove(m, role) && (
                      <button
                        type="button"
                        className="btn btn-small btn-primary"
                        data-testid="model-approve"
                        data-version={m.version}
                        disabled={busy !== null}
                        onClick={() => approve(m.version)}
                      >
                        {busy === `approve-${m.version}` ? t("common.saving") : t("models.approve")}
                      </button>
                    )}
                  </td>
                </tr>
                {open === m.version && (
                  <tr className="row-expanded">
                    <td colSpan={6}>
                      <ModelRules model={m} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {backtest && <BacktestView result={backtest} />}
    </div>
  );
}
