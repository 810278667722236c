import { useState } from "react";
import { api } from "../../api/endpoints";
import { ApiError } from "../../api/problem";
import { useUser } from "../../auth/AuthProvider";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Empty, Loading, PageTitle, Section } from "../../components/ui";
import { useI18n } from "../../i18n/I18nProvider";
import { can } from "../../nav/access";
import { useResource } from "../../lib/useResource";
import { ApiKeys } from "./ApiKeys";
import { CampaignCompare } from "./CampaignCompare";
import { DraftEditor } from "./DraftEditor";
import { FunnelChart } from "./FunnelChart";
import { FunnelTable } from "./FunnelTable";
import { ModelRules } from "./ModelRules";
import { ModelsSection } from "./ModelsSection";

export default function MarketingPage() {
  const { t } = useI18n();
  const user = useUser();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const funnel = useResource(
    (signal) => api.funnel({ groupBy: "campaign", from: from || undefined, to: to || undefined }, signal),
    [from, to],
  );
  const models = useResource((signal) => api.models(signal), []);
  const active = useResource(
    (signal) =>
      api.activeModel(signal).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
    [],
  );
  const reloadModels = () => {
    models.reload();
    active.reload();
  };
  const rows = funnel.data?.rows ?? [];

  return (
    <div className="page">
      <PageTitle text={t("marketing.title")} />

      <div className="card filters" role="group" aria-label={t("marketing.period")}>
        <div className="field">
          <label htmlFor="period-from">{t("common.from")}</label>
          <input id="period-from" data-testid="period-from" type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="period-to">{t("common.to")}</label>
          <input id="period-to" data-testid="period-to" type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>

      <Section title={t("funnel.title")} id="funnel">
        <ErrorNotice error={funnel.error} onRetry={funnel.reload} />
        {funnel.loading && !funnel.data ? (
          <Loading />
        ) : rows.length === 0 && !funnel.error ? (
          <Empty>{t("funnel.empty")}</Empty>
        ) : rows.length > 0 ? (
          <>
            <FunnelChart rows={rows} />
            <FunnelTable rows={rows} />
          </>
        ) : null}
      </Section>

      <Section title={t("compare.title")} id="compare">
        {rows.length > 0 ? <CampaignCompare key={rows.map((r) => r.key).join("|")} rows={rows} /> : <Empty>{t("compare.pick")}</Empty>}
      </Section>

      <Section title={t("models.active")} id="active-model">
        <ErrorNotice error={active.error} onRetry={active.reload} />
        {active.loading && active.data === undefined ? (
          <Loading />
        ) : active.data ? (
          <div data-testid="active-model" data-version={active.data.version}>
            <p>
              <strong>
                v{active.data.version} · {active.data.name}
              </strong>
            </p>
            <ModelRules model={active.data} />
          </div>
        ) : (
          <Empty>{t("models.noActive")}</Empty>
        )}
      </Section>

      <Section title={t("models.title")} id="models">
        <ErrorNotice error={models.error} onRetry={models.reload} />
        {models.loading && !models.data ? <Loading /> : models.data ? <ModelsSection models={models.data} role={user.role} onChanged={reloadModels} /> : null}
      </Section>

      {can.editModels(user.role) && (
        <Section title={t("draft.title")} id="draft">
          <DraftEditor base={active.data ?? models.data?.[0] ?? null} onSaved={reloadModels} />
        </Section>
      )}

      {can.manageApiKeys(user.role) && (
        <Section title={t("apiKeys.title")} id="api-keys">
          <ApiKeys />
        </Section>
      )}
    </div>
  );
}
