import { useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, type LeadQuery } from "../api/endpoints";
import { GRADES, LEAD_STATUSES, SOURCES } from "../api/types";
import { useUser } from "../auth/AuthProvider";
import { ErrorNotice } from "../components/ErrorNotice";
import { Empty, GradeBadge, Loading, PageTitle, Pager, StatusBadge } from "../components/ui";
import { useI18n } from "../i18n/I18nProvider";
import { can } from "../nav/access";
import { useResource } from "../lib/useResource";

const PAGE_SIZE = 20;
const FILTERS = ["status", "grade", "campaign", "source", "owner"] as const;

/** Text typed into a box reaches the URL (and the server) once typing pauses. */
type SetParams = ReturnType<typeof useSearchParams>[1];

function useDebouncedParam(params: URLSearchParams, setParams: SetParams, name: string) {
  const urlValue = params.get(name) ?? "";
  const [text, setText] = useState(urlValue);
  useEffect(() => setText(urlValue), [urlValue]);
  useEffect(() => {
    if (text === urlValue) return;
    const timer = setTimeout(() => {
      setParams((previous) => {
        const next = new URLSearchParams(previous);
        if (text.trim()) next.set(name, text.trim());
        else next.delete(name);
        next.delete("page");
        return next;
      }, { replace: true });
    }, 300);
    return () => clearTimeout(timer);
  }, [text, urlValue, setParams, name]);
  return [text, setText] as const;
}

export function LeadsPage() {
  const { t, tv, relative, dateTime } = useI18n();
  const user = useUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useDebouncedParam(params, setParams, "q");
  const [campaign, setCampaign] = useDebouncedParam(params, setParams, "campaign");
  const showOwner = can.filterByOwner(user.role);

  const query: LeadQuery = {
    q: params.get("q") ?? undefined,
    status: params.get("status") ?? undefined,
    grade: params.get("grade") ?? undefined,
    campaign: params.get("campaign") ?? undefined,
    source: params.get("source") ?? undefined,
    owner: showOwner ? (params.get("owner") ?? undefined) : undefined,
    page: Number(params.get("page")) || 1,
    pageSize: PAGE_SIZE,
  };
  const key = JSON.stringify(query);
  const leads = useResource((signal) => api.leads(query, signal), [key]);
  const reps = useResource((signal) => (showOwner ? api.salesReps(signal) : Promise.resolve([])), [showOwner]);

  const setFilter = (name: string, value: string) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value) next.set(name, value);
      else next.delete(name);
      next.delete("page");
      return next;
    });
  const filtered = FILTERS.some((f) => params.get(f)) || !!params.get("q");
  const page = leads.data;

  return (
    <div className="page">
      <PageTitle text={t("leads.title")} />
      <div className="card filters" role="search">
        <div className="field field-search">
          <label htmlFor="lead-search">{t("leads.search")}</label>
          <input
            id="lead-search"
            data-testid="lead-search"
            type="search"
            placeholder={t("leads.searchPlaceholder")}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="filter-status">{t("leads.status")}</label>
          <select id="filter-status" data-testid="filter-status" value={params.get("status") ?? ""} onChange={(e) => setFilter("status", e.target.value)}>
            <option value="">{t("common.all")}</option>
            {LEAD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {tv("status", s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-grade">{t("leads.grade")}</label>
          <select id="filter-grade" data-testid="filter-grade" value={params.get("grade") ?? ""} onChange={(e) => setFilter("grade", e.target.value)}>
            <option value="">{t("common.all")}</option>
            {GRADES.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-source">{t("leads.source")}</label>
          <select id="filter-source" data-testid="filter-source" value={params.get("source") ?? ""} onChange={(e) => setFilter("source", e.target.value)}>
            <option value="">{t("common.all")}</option>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {tv("source", s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-campaign">{t("leads.campaign")}</label>
          <input id="filter-campaign" data-testid="filter-campaign" type="text" value={campaign} onChange={(e) => setCampaign(e.target.value)} />
        </div>
        {showOwner && (
          <div className="field">
            <label htmlFor="filter-owner">{t("leads.owner")}</label>
            <select id="filter-owner" data-testid="filter-owner" value={params.get("owner") ?? ""} onChange={(e) => setFilter("owner", e.target.value)}>
              <option value="">{t("common.all")}</option>
              {user.repId && <option value="me">{t("leads.ownerMe")}</option>}
              {(reps.data ?? []).map((r) => (
                <option key={r.repId} value={r.repId}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {filtered && (
          <button type="button" className="btn btn-ghost btn-small filters-clear" onClick={() => setParams(new URLSearchParams())}>
            {t("leads.clear")}
          </button>
        )}
      </div>

      <div className="card">
        <ErrorNotice error={leads.error} onRetry={leads.reload} />
        {leads.loading && !page ? (
          <Loading />
        ) : page && page.items.length === 0 ? (
          <Empty>{t("leads.empty")}</Empty>
        ) : page ? (
          <>
            <div className={`table-wrap${leads.loading ? " is-stale" : ""}`}>
              <table className="table table-stack" data-testid="lead-table">
                <thead>
                  <tr>
                    <th scope="col">{t("leads.colLead")}</th>
                    <th scope="col">{t("leads.status")}</th>
                    <th scope="col">{t("leads.colScore")}</th>
                    <th scope="col">{t("leads.campaign")}</th>
                    <th scope="col">{t("leads.source")}</th>
                    <th scope="col">{t("leads.owner")}</th>
                    <th scope="col">{t("leads.colReceived")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((lead) => (
                    <tr
                      key={lead.leadId}
                      data-testid="lead-row"
                      data-lead-id={lead.leadId}
                      className="row-link"
                      onClick={(e) => {
                        if (!(e.target as HTMLElement).closest("a")) navigate(`/leads/${lead.leadId}`);
                      }}
                    >
                      <td data-label={t("leads.colLead")} className="cell-main">
                        <Link to={`/leads/${lead.leadId}`} className="item-name">
                          {lead.name || lead.company || lead.email || lead.phone || lead.leadId.slice(0, 8)}
                        </Link>
                        <div className="muted small">{[lead.company, lead.city].filter(Boolean).join(" · ")}</div>
                      </td>
                      <td data-label={t("leads.status")}>
                        <StatusBadge status={lead.status} />
                      </td>
                      <td data-label={t("leads.colScore")}>
                        <GradeBadge grade={lead.grade} score={lead.score} />
                      </td>
                      <td data-label={t("leads.campaign")}>{lead.campaign ?? "—"}</td>
                      <td data-label={t("leads.source")}>{tv("source", lead.source) || "—"}</td>
                      <td data-label={t("leads.owner")}>{lead.ownerName ?? <span className="muted">{t("leads.unassigned")}</span>}</td>
                      <td data-label={t("leads.colReceived")}>
                        <time dateTime={lead.receivedAt} title={dateTime(lead.receivedAt)}>
                          {relative(lead.receivedAt)}
                        </time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              page={page.page}
              pageSize={page.pageSize}
              total={page.total}
              onPage={(n) => {
                const next = new URLSearchParams(params);
                next.set("page", String(n));
                setParams(next);
                window.scrollTo({ top: 0 });
              }}
            />
          </>
        ) : null}
      </div>
    </div>
  );
}
