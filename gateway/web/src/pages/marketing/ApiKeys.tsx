import { type FormEvent, useState } from "react";
import { api } from "../../api/endpoints";
import type { CreatedApiKey } from "../../api/types";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Empty, Loading } from "../../components/ui";
import { useI18n } from "../../i18n/I18nProvider";
import { useResource } from "../../lib/useResource";

function NewKey({ created, onDismiss }: { created: CreatedApiKey; onDismiss: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="notice notice-warn new-key" role="status">
      <strong>{t("apiKeys.newKey")}</strong>
      <div className="new-key-row">
        <code data-testid="api-key-secret">{created.key}</code>
        <button type="button" className="btn btn-small" onClick={copy}>
          {copied ? t("common.copied") : t("common.copy")}
        </button>
      </div>
      <button type="button" className="btn-link" onClick={onDismiss}>
        {t("common.dismiss")}
      </button>
    </div>
  );
}

/** Admins give each marketing tool its own key: shown once at creation, revocable at once. */
export function ApiKeys() {
  const { t, dateTime, relative, number } = useI18n();
  const keys = useResource((signal) => api.apiKeys(signal), []);
  const [name, setName] = useState("");
  const [permits, setPermits] = useState("");
  const [burst, setBurst] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.createApiKey({
        name: name.trim(),
        permitsPerSecond: permits ? Number(permits) : undefined,
        burst: burst ? Number(burst) : undefined,
      });
      setCreated(result);
      setName("");
      setPermits("");
      setBurst("");
      keys.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (keyId: string, keyName: string) => {
    if (!window.confirm(t("apiKeys.revokeConfirm", { name: keyName }))) return;
    setError(null);
    try {
      await api.revokeApiKey(keyId);
      keys.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="api-keys">
      {created && <NewKey created={created} onDismiss={() => setCreated(null)} />}
      <form className="form-grid" onSubmit={create}>
        <div className="field field-wide">
          <label htmlFor="api-key-name">{t("apiKeys.name")}</label>
          <input id="api-key-name" data-testid="api-key-name" type="text" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="api-key-permits">
            {t("apiKeys.permits")} <span className="muted">{t("common.optional")}</span>
          </label>
          <input id="api-key-permits" type="number" min={1} max={100000} inputMode="numeric" placeholder="100" value={permits} onChange={(e) => setPermits(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="api-key-burst">
            {t("apiKeys.burst")} <span className="muted">{t("common.optional")}</span>
          </label>
          <input id="api-key-burst" type="number" min={1} max={100000} inputMode="numeric" placeholder="200" value={burst} onChange={(e) => setBurst(e.target.value)} />
        </div>
        <div className="form-actions field-wide">
          <button type="submit" className="btn btn-primary" data-testid="api-key-create" disabled={busy || !name.trim()}>
            {busy ? t("common.saving") : t("apiKeys.create")}
          </button>
        </div>
      </form>
      <ErrorNotice error={error ?? keys.error} />
      {keys.loading && !keys.data ? (
        <Loading />
      ) : (keys.data ?? []).length === 0 ? (
        <Empty>{t("apiKeys.empty")}</Empty>
      ) : (
        <ul className="item-list" data-testid="api-key-list">
          {(keys.data ?? []).map((k) => (
            <li key={k.keyId} className={`item item-row${k.revokedAt ? " is-muted" : ""}`} data-testid="api-key-row" data-key-id={k.keyId} data-revoked={k.revokedAt ? "true" : "false"}>
              <div className="item-head">
                <div className="item-title">
                  <strong>{k.name}</strong>
                  <div className="muted small">
                    {t("apiKeys.prefix")} <code>{k.prefix}…</code> · {t("apiKeys.rate", { permits: number(k.permitsPerSecond), burst: number(k.burst) })}
                  </div>
                </div>
                {!k.revokedAt && (
                  <button type="button" className="btn btn-small btn-danger" data-testid="api-key-revoke" onClick={() => revoke(k.keyId, k.name)}>
                    {t("apiKeys.revoke")}
                  </button>
                )}
              </div>
              <div className="item-meta">
                <span title={dateTime(k.createdAt)}>{t("apiKeys.created", { when: relative(k.createdAt) })}</span>
                <span>{k.lastUsedAt ? t("apiKeys.lastUsed", { when: relative(k.lastUsedAt) }) : t("apiKeys.neverUsed")}</span>
                {k.revokedAt && <span className="badge badge-danger">{t("apiKeys.revoked", { when: dateTime(k.revokedAt) })}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
