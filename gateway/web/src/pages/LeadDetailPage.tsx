import { type ReactNode, useEffect, useRef } from "react";
import { Link, useParams } from "react-router";
import { api } from "../api/endpoints";
import { ApiError } from "../api/problem";
import type { LeadDetail } from "../api/types";
import { useUser } from "../auth/AuthProvider";
import { ContactActions } from "../components/ContactActions";
import { ErrorNotice } from "../components/ErrorNotice";
import { LogActivityForm } from "../components/LogActivityForm";
import { OutcomeForm } from "../components/OutcomeForm";
import { ReassignForm } from "../components/ReassignForm";
import { Empty, GradeBadge, Loading, PageTitle, Section, StatusBadge } from "../components/ui";
import { useI18n } from "../i18n/I18nProvider";
import { useLiveRefresh } from "../live/LiveProvider";
import { can } from "../nav/access";
import { adHref, describeAd } from "../lib/adClick";
import { useResource } from "../lib/useResource";

const CLOSED = new Set(["won", "lost", "disqualified"]);

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  const shown = rows.filter(([, value]) => value !== null && value !== undefined && value !== "");
  return (
    <dl className="facts">
      {shown.map(([label, value]) => (
        <div key={label} className="fact">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The ad the lead came from, linked to the ad when its URL is known. */
function adLine(lead: LeadDetail): ReactNode {
  const text = describeAd(lead.adClick, lead.adPlatform);
  const href = adHref(lead.adClick);
  if (!text) return null;
  return href ? (
    <a href={href} target="_blank" rel="noopener noreferrer" data-testid="lead-ad">
      {text}
    </a>
  ) : (
    <span data-testid="lead-ad">{text}</span>
  );
}

function LeadBody({ lead, onChanged }: { lead: LeadDetail; onChanged: () => void }) {
  const { t, tv, money, dateTime, relative, number } = useI18n();
  const clickedTouches = (lead.captures ?? []).filter((c) => c.adClick);
  const user = useUser();
  const reps = useResource((signal) => (can.reassign(user.role) ? api.salesReps(signal) : Promise.resolve([])), [user.role]);
  const c = lead.contact;
  const i = lead.interest;
  const closed = CLOSED.has(lead.status) || lead.outcome !== null;
  const works = can.workLeads(user.role);

  return (
    <div className="detail-grid">
      <div className="detail-main">
        <Section title={t("lead.contact")} id="contact">
          <Facts
            rows={[
              [t("lead.company"), c.company],
              [t("lead.jobTitle"), c.jobTitle],
              [t("lead.city"), c.city],
              [t("lead.phone"), c.phone],
              [t("lead.email"), c.email],
            ]}
          />
          {works && !closed && <ContactActions phone={c.phone} email={c.email} />}
        </Section>

        {i && (
          <Section title={t("lead.interest")} id="interest">
            {i.message && <blockquote className="message">{i.message}</blockquote>}
            <Facts
              rows={[
                [t("lead.product"), i.product],
                [t("lead.budget"), i.budget !== null && i.budget !== undefined ? money(i.budget, i.currency ?? "IDR") : null],
                [t("lead.timeline"), i.timeline ? tv("timeline", i.timeline) : null],
                [t("lead.locations"), i.locations?.length ? i.locations.join(", ") : null],
              ]}
            />
          </Section>
        )}

        {works && !closed && (
          <Section title={t("log.title")} id="log">
            <LogActivityForm leadId={lead.leadId} defaultType="call" onLogged={onChanged} />
          </Section>
        )}

        <Section title={t("lead.followUps")} id="followups">
          {lead.followUps.length === 0 ? (
            <Empty>{t("lead.noFollowUps")}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table table-stack" data-testid="followup-table">
                <thead>
                  <tr>
                    <th scope="col">{t("lead.colStep")}</th>
                    <th scope="col">{t("lead.colChannel")}</th>
                    <th scope="col">{t("lead.colDue")}</th>
                    <th scope="col">{t("lead.colStatus")}</th>
                  </tr>
                </thead>
                <tbody>
                  {lead.followUps.map((f) => (
                    <tr key={f.taskId} data-testid="followup-row" data-status={f.status}>
                      <td data-label={t("lead.colStep")}>{f.step}</td>
                      <td data-label={t("lead.colChannel")}>{tv("channel", f.channel)}</td>
                      <td data-label={t("lead.colDue")}>
                        <time dateTime={f.dueAt} title={relative(f.dueAt)}>
                          {dateTime(f.dueAt)}
                        </time>
                      </td>
                      <td data-label={t("lead.colStatus")}>
                        <span className={`badge task-${f.status}`}>{tv("task", f.status)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>

        <Section title={t("lead.activities")} id="activities">
          {lead.activities.length === 0 ? (
            <Empty>{t("lead.noActivities")}</Empty>
          ) : (
            <ul className="timeline" data-testid="activity-list">
              {[...lead.activities].reverse().map((a) => (
                <li key={a.activityId} data-testid="activity-item" data-type={a.type} data-outcome={a.outcome}>
                  <time dateTime={a.at}>{dateTime(a.at)}</time>
                  <div>
                    <strong>{tv("channel", a.type)}</strong>
                    {a.outcome && <> · {tv("outcome", a.outcome)}</>}
                    {a.notes && <p className="muted">{a.notes}</p>}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Section>

        <Section title={t("lead.history")} id="timeline">
          {lead.timeline.length === 0 ? (
            <Empty>{t("lead.noHistory")}</Empty>
          ) : (
            <ul className="timeline" data-testid="timeline">
              {[...lead.timeline].reverse().map((e, index) => (
                <li key={`${e.at}-${index}`} data-type={e.type}>
                  <time dateTime={e.at}>{dateTime(e.at)}</time>
                  <div>{e.summary}</div>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>

      <aside className="detail-side">
        <Section title={t("lead.score")} id="score">
          {lead.score ? (
            <>
              <div className="score-head">
                <GradeBadge grade={lead.score.grade} />
                <span className="score-value" data-testid="lead-score">
                  {lead.score.value}
                </span>
                <span className="badge">{tv("qualification", lead.score.qualification)}</span>
              </div>
              <p className="muted small">{t("lead.model", { version: lead.score.modelVersion })}</p>
              <h3 className="subhead">{t("lead.reasons")}</h3>
              <ul className="reasons" data-testid="score-reasons">
                {lead.score.reasons.map((r) => (
                  <li key={r.rule} title={r.rule}>
                    <span className={r.points >= 0 ? "points plus" : "points minus"}>{r.points > 0 ? `+${r.points}` : r.points}</span>{" "}
                    {r.explanation}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <Empty>{t("lead.notScored")}</Empty>
          )}
        </Section>

        <Section title={t("lead.owner")} id="owner">
          {lead.owner ? (
            <p data-testid="lead-owner" data-rep-id={lead.owner.repId}>
              <strong>{lead.owner.name}</strong>
              <br />
              <span className="muted small">{t("lead.assignedAt", { when: dateTime(lead.owner.assignedAt) })}</span>
            </p>
          ) : (
            <Empty>{t("lead.noOwner")}</Empty>
          )}
          {can.reassign(user.role) && lead.owner && !closed && (
            <>
              <h3 className="subhead">{t("reassign.title")}</h3>
              <ReassignForm leadId={lead.leadId} reps={reps.data ?? []} currentRepId={lead.owner.repId} onDone={onChanged} />
            </>
          )}
        </Section>

        <Section title={t("outcome.title")} id="outcome">
          {lead.outcome ? (
            <div data-testid="lead-outcome" data-result={lead.outcome.result}>
              <p>
                {t("outcome.closed", {
                  result: tv("result", lead.outcome.result),
                  when: lead.outcome.closedAt ? dateTime(lead.outcome.closedAt) : "—",
                })}
              </p>
              {lead.outcome.value !== null && <p>{t("outcome.closedValue", { value: money(lead.outcome.value, lead.outcome.currency ?? "IDR") })}</p>}
              {lead.outcome.reason && <p className="muted">{t("outcome.closedReason", { reason: lead.outcome.reason })}</p>}
            </div>
          ) : works ? (
            <OutcomeForm leadId={lead.leadId} onRecorded={onChanged} />
          ) : (
            <Empty>—</Empty>
          )}
        </Section>

        <Section title={t("lead.source")} id="source">
          <Facts
            rows={[
              [t("lead.source"), tv("source", lead.source)],
              [t("lead.campaign"), lead.campaign],
              [t("lead.received"), dateTime(lead.receivedAt)],
              [t("lead.touches"), number(lead.touches)],
              ["UTM", lead.utm ? [lead.utm.source, lead.utm.medium, lead.utm.campaign].filter(Boolean).join(" / ") : null],
              [t("lead.ad"), adLine(lead)],
            ]}
          />
          {clickedTouches.length > 1 ? (
            <ul className="timeline" data-testid="touch-ads" aria-label={t("lead.adTouches")}>
              {clickedTouches.map((c) => (
                <li key={`${c.source}/${c.eventId}`}>
                  {tv("source", c.source)} · {dateTime(c.at)} · {describeAd(c.adClick, c.adPlatform)}
                </li>
              ))}
            </ul>
          ) : null}
        </Section>
      </aside>
    </div>
  );
}

export function LeadDetailPage() {
  const { leadId = "" } = useParams();
  const { t } = useI18n();
  const lead = useResource((signal) => api.lead(leadId, signal), [leadId]);
  const followUp = useRef<ReturnType<typeof setTimeout> | null>(null);

  // The read side is eventually consistent: look again now and once more a moment later.
  const changed = () => {
    lead.reload();
    if (followUp.current) clearTimeout(followUp.current);
    followUp.current = setTimeout(() => lead.reload(), 1500);
  };
  useLiveRefresh(lead.reload, (event) => event.leadId === leadId);
  useEffect(
    () => () => {
      if (followUp.current) clearTimeout(followUp.current);
    },
    [],
  );

  const data = lead.data;
  const name = data ? data.contact.name || data.contact.company || data.contact.email || data.contact.phone || t("lead.title") : t("lead.title");
  const notFound = lead.error instanceof ApiError && lead.error.status === 404;

  return (
    <div className="page">
      <Link to="/leads" className="back-link">
        ‹ {t("lead.back")}
      </Link>
      <div className="page-head">
        <PageTitle text={name} />
        {data && <StatusBadge status={data.status} testId="lead-status" />}
      </div>
      {data?.contact.company && data.contact.name && <p className="muted subtitle">{data.contact.company}</p>}
      <ErrorNotice error={lead.error} onRetry={notFound ? undefined : lead.reload} />
      {lead.loading && !data ? <Loading /> : data && data.leadId === leadId ? <LeadBody lead={data} onChanged={changed} /> : null}
      {data && <p className="muted small">{t("lead.eventual")}</p>}
    </div>
  );
}
