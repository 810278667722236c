import { type FormEvent, useEffect, useId, useState } from "react";
import { api } from "../api/endpoints";
import { ACTIVITY_OUTCOMES, ACTIVITY_TYPES, type ActivityOutcome, type ActivityType } from "../api/types";
import { useI18n } from "../i18n/I18nProvider";
import { ErrorNotice } from "./ErrorNotice";

function asActivityType(channel: string | null | undefined): ActivityType {
  return (ACTIVITY_TYPES as readonly string[]).includes(channel ?? "") ? (channel as ActivityType) : "call";
}

/** One step to log what happened: type, outcome, optional notes. */
export function LogActivityForm({
  leadId,
  defaultType,
  onLogged,
  compact = false,
}: {
  leadId: string;
  defaultType?: string | null;
  onLogged?: () => void;
  compact?: boolean;
}) {
  const { t, tv } = useI18n();
  const id = useId();
  const [type, setType] = useState<ActivityType>(asActivityType(defaultType));
  const [outcome, setOutcome] = useState<ActivityOutcome | "">("");
  const [notes, setNotes] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missingOutcome, setMissingOutcome] = useState(false);
  const [saved, setSaved] = useState(false);
  const isNote = type === "note";

  // After a tap on Call/WhatsApp/Email the form follows that channel, so the outcome lands on that attempt.
  useEffect(() => {
    if (defaultType) setType(asActivityType(defaultType));
  }, [defaultType]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!isNote && !outcome) {
      setMissingOutcome(true);
      return;
    }
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await api.logActivity(leadId, {
        type,
        outcome: isNote ? undefined : (outcome as ActivityOutcome),
        notes: notes.trim() || undefined,
      });
      setSaved(true);
      setNotes("");
      setOutcome("");
      onLogged?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={compact ? "log-form log-form-compact" : "log-form"} onSubmit={submit} aria-label={t("log.title")}>
      <div className="log-form-row">
        <div className="field">
          <label htmlFor={`${id}-type`}>{t("log.type")}</label>
          <select id={`${id}-type`} data-testid="log-activity-type" value={type} onChange={(e) => setType(e.target.value as ActivityType)}>
            {ACTIVITY_TYPES.map((value) => (
              <option key={value} value={value}>
                {tv("channel", value)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-outcome`}>{t("log.outcome")}</label>
          <select
            id={`${id}-outcome`}
            data-testid="log-activity-outcome"
            value={outcome}
            disabled={isNote}
            aria-invalid={missingOutcome && !outcome}
            onChange={(e) => {
              setOutcome(e.target.value as ActivityOutcome);
              setMissingOutcome(false);
            }}
          >
            <option value="">–</option>
            {ACTIVITY_OUTCOMES.map((value) => (
              <option key={value} value={value}>
                {tv("outcome", value)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="log-form-notes">
        <div className="field">
          <label htmlFor={`${id}-notes`}>
            {t("log.notes")} <span className="muted">{t("common.optional")}</span>
          </label>
          <input
            id={`${id}-notes`}
            data-testid="log-activity-notes"
            type="text"
            maxLength={4000}
            placeholder={t("log.notesPlaceholder")}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
          />
        </div>
        <button type="submit" className="btn btn-primary" data-testid="log-activity-submit" disabled={busy}>
          {busy ? t("common.saving") : t("log.submit")}
        </button>
      </div>
      {missingOutcome && !outcome && (
        <p className="field-error" role="alert">
          {t("error.validation")} ({t("log.outcome")})
        </p>
      )}
      <ErrorNotice error={error} />
      {saved && (
        <p className="saved" role="status" data-testid="log-activity-saved">
          ✓ {t("log.saved")}
        </p>
      )}
    </form>
  );
}
