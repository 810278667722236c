import { type FormEvent, useId, useState } from "react";
import { api } from "../api/endpoints";
import type { SalesRep } from "../api/types";
import { useI18n } from "../i18n/I18nProvider";
import { ErrorNotice } from "./ErrorNotice";

export interface LeadChoice {
  leadId: string;
  label: string;
}

/**
 * Moves a lead to another rep (or lets round robin choose). With `leadId` it is for that lead; otherwise the manager
 * picks one of `choices` (and `selected` preselects one, e.g. from a "Reassign…" button on a list item).
 */
export function ReassignForm({
  leadId,
  choices = [],
  selected,
  onSelect,
  reps,
  currentRepId,
  onDone,
}: {
  leadId?: string;
  choices?: LeadChoice[];
  selected?: string;
  onSelect?: (leadId: string) => void;
  reps: SalesRep[];
  currentRepId?: string | null;
  onDone?: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [repId, setRepId] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const target = leadId ?? selected ?? "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!target) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const response = await api.reassign(target, { repId: repId || undefined, reason: reason.trim() });
      setDone(t("reassign.done", { name: response.repName }));
      setReason("");
      setRepId("");
      onDone?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="reassign-form" onSubmit={submit} aria-label={t("reassign.title")}>
      <div className="form-grid">
        {!leadId && (
          <div className="field field-wide">
            <label htmlFor={`${id}-lead`}>{t("reassign.lead")}</label>
            <select id={`${id}-lead`} data-testid="reassign-lead" value={target} onChange={(e) => onSelect?.(e.target.value)}>
              <option value="">{t("reassign.pickLead")}</option>
              {choices.map((c) => (
                <option key={c.leadId} value={c.leadId}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-rep`}>{t("reassign.rep")}</label>
          <select id={`${id}-rep`} data-testid="reassign-rep" value={repId} onChange={(e) => setRepId(e.target.value)}>
            <option value="">{t("reassign.auto")}</option>
            {reps
              .filter((r) => r.active && r.repId !== currentRepId)
              .map((r) => {
                const notes = [
                  t("reassign.load", { open: r.openLeads, capacity: r.capacity }),
                  r.openLeads >= r.capacity ? t("reassign.full") : null,
                  r.away ? t("reassign.away") : null,
                ].filter(Boolean);
                return (
                  <option key={r.repId} value={r.repId}>
                    {r.name} ({notes.join(", ")})
                  </option>
                );
              })}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t("reassign.reason")}</label>
          <input
            id={`${id}-reason`}
            data-testid="reassign-reason"
            type="text"
            required
            maxLength={500}
            placeholder={t("reassign.reasonPlaceholder")}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
      </div>
      <ErrorNotice error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="reassign-submit" disabled={busy || !target || !reason.trim()}>
          {busy ? t("common.saving") : t("reassign.submit")}
        </button>
        {done && (
          <span className="saved" role="status" data-testid="reassign-done">
            ✓ {done}
          </span>
        )}
      </div>
    </form>
  );
}
