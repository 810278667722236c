import { type FormEvent, useEffect, useState } from "react";
import { api } from "../../api/endpoints";
import type { ModelDocument, ScoringModel } from "../../api/types";
import { ErrorNotice, SuccessNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n/I18nProvider";

const DOCUMENT_FIELDS = ["name", "description", "rules", "gradeCutoffs", "qualification", "decay", "freeMailDomains"] as const;

/** The editable part of a model (what POST /api/scoring/models takes), without version, status and approvals. */
export function documentOf(model: ScoringModel | null | undefined): ModelDocument {
  if (!model) return { name: "", description: "", rules: [], gradeCutoffs: { A: 70, B: 50, C: 30 }, qualification: { mql: 40, sql: 70 } };
  const doc: Record<string, unknown> = {};
  for (const field of DOCUMENT_FIELDS) if (model[field] !== undefined && model[field] !== null) doc[field] = model[field];
  return doc as ModelDocument;
}

export function DraftEditor({ base, onSaved }: { base: ScoringModel | null; onSaved: () => void }) {
  const { t } = useI18n();
  const initial = () => JSON.stringify(documentOf(base), null, 2);
  const [text, setText] = useState(initial);
  const [touched, setTouched] = useState(false);
  const [parseError, setParseError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Follow the active model until the user starts editing.
  useEffect(() => {
    if (!touched) setText(JSON.stringify(documentOf(base), null, 2));
  }, [base, touched]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setMessage(null);
    let document: ModelDocument;
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("{ … }");
      document = parsed as ModelDocument;
      setParseError(null);
    } catch (e) {
      setParseError(t("draft.invalidJson", { message: e instanceof Error ? e.message : String(e) }));
      return;
    }
    setBusy(true);
    try {
      const saved = await api.createModel(document);
      setMessage(t("draft.saved", { version: saved.version }));
      setTouched(false);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="draft-editor">
      <p className="muted small">{t("draft.hint")}</p>
      <label htmlFor="model-draft" className="sr-only">
        {t("draft.editor")}
      </label>
      <textarea
        id="model-draft"
        data-testid="model-draft-editor"
        className="code-editor"
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        rows={18}
        value={text}
        aria-invalid={parseError !== null}
        onChange={(e) => {
          setText(e.target.value);
          setTouched(true);
          setParseError(null);
        }}
      />
      {parseError && (
        <p className="field-error" role="alert" data-testid="model-draft-json-error">
          {parseError}
        </p>
      )}
      <ErrorNotice error={error} />
      <SuccessNotice message={message} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="model-draft-submit" disabled={busy}>
          {busy ? t("common.saving") : t("draft.submit")}
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => {
            setText(initial());
            setTouched(false);
            setParseError(null);
          }}
        >
          {t("draft.reset")}
        </button>
      </div>
    </form>
  );
}
