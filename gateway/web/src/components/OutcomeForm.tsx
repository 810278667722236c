import { type FormEvent, useId, useState } from "react";
import { api } from "../api/endpoints";
import { OUTCOME_RESULTS, type OutcomeResult } from "../api/types";
import { useI18n } from "../i18n/I18nProvider";
import { parseRupiah } from "../lib/amount";
import { ErrorNotice } from "./ErrorNotice";

/** Closes the lead: won (with its value in rupiah), lost or disqualified (with a reason). */
export function OutcomeForm({ leadId, onRecorded }: { leadId: string; onRecorded?: () => void }) {
  const { t, tv, money } = useI18n();
  const id = useId();
  const [result, setResult] = useState<OutcomeResult>("won");
  const [valueText, setValueText] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const value = parseRupiah(valueText);
  const valueInvalid = valueText.trim() !== "" && value === null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (valueInvalid) return;
    setBusy(true);
    setError(null);
    try {
      await api.recordOutcome(leadId, {
        result,
        value: result === "won" && value !== null ? value : undefined,
        currency: "IDR",
        reason: reason.trim() || undefined,
      });
      setSaved(true);
      onRecorded?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="outcome-form" onSubmit={submit} aria-label={t("outcome.title")}>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-result`}>{t("outcome.result")}</label>
          <select id={`${id}-result`} data-testid="outcome-result" value={result} onChange={(e) => setResult(e.target.value as OutcomeResult)}>
            {OUTCOME_RESULTS.map((r) => (
              <option key={r} value={r}>
                {tv("result", r)}
              </option>
            ))}
          </select>
        </div>
        <div className="field" hidden={result !== "won"}>
          <label htmlFor={`${id}-value`}>{t("outcome.value")}</label>
          <input
            id={`${id}-value`}
            data-testid="outcome-value"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder="50.000.000"
            value={valueText}
            aria-invalid={valueInvalid}
            onChange={(e) => setValueText(e.target.value)}
          />
          <div className="hint" aria-live="polite">
            {value !== null ? t("outcome.valuePreview", { value: money(value) }) : valueInvalid ? t("error.validation") : " "}
          </div>
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-reason`}>
            {t("outcome.reason")} <span className="muted">{t("common.optional")}</span>
          </label>
          <input id={`${id}-reason`} data-testid="outcome-reason" type="text" maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      </div>
      <ErrorNotice error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="outcome-submit" disabled={busy || valueInvalid}>
          {busy ? t("common.saving") : t("outcome.submit")}
        </button>
        {saved && <span className="saved" role="status">✓ {t("outcome.saved")}</span>}
      </div>
    </form>
  );
}
