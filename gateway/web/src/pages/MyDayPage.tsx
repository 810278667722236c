import { useState } from "react";
import { Link } from "react-router";
import { api } from "../api/endpoints";
import type { DueTask, LeadSummary } from "../api/types";
import { useUser } from "../auth/AuthProvider";
import { ContactActions } from "../components/ContactActions";
import { ErrorNotice } from "../components/ErrorNotice";
import { LogActivityForm } from "../components/LogActivityForm";
import { Empty, GradeBadge, Loading, PageTitle, Section } from "../components/ui";
import { useI18n } from "../i18n/I18nProvider";
import { useLiveRefresh, useLiveState } from "../live/LiveProvider";
import { usePolling, useNow } from "../lib/useTimers";
import { useResource } from "../lib/useResource";

function DueItem({ task, onLogged }: { task: DueTask; onLogged: () => void }) {
  const { t, tv, relative, dateTime } = useI18n();
  const [tapped, setTapped] = useState<string | null>(null);
  const overdue = task.status === "overdue";
  const lead = task.lead;
  const where = [lead.company, lead.city].filter(Boolean).join(" · ");
  return (
    <article
      className={`item due-item${overdue ? " is-overdue" : ""}`}
      data-testid="due-item"
      data-lead-id={task.leadId}
      data-task-id={task.taskId}
      data-status={task.status}
    >
      <div className="item-head">
        <div className="item-title">
          <Link to={`/leads/${task.leadId}`} className="item-name">
            {lead.name || lead.company || lead.phone || lead.email || t("lead.title")}
          </Link>
          {where && <div className="muted small">{where}</div>}
        </div>
        <GradeBadge grade={lead.grade} score={lead.score} />
      </div>
      <div className="item-meta">
        {overdue && <span className="badge badge-danger">{t("due.overdue")}</span>}
        <span>{t("due.step", { step: task.step, channel: tv("channel", task.channel) })}</span>
        <time dateTime={task.dueAt} title={dateTime(task.dueAt)}>
          {t("due.dueAt", { when: relative(task.dueAt) })}
        </time>
      </div>
      {task.instructions && <p className="instructions">{task.instructions}</p>}
      {task.message && (
        <details className="disclosure">
          <summary>{t("due.message")}</summary>
          <p className="message">{task.message}</p>
        </details>
      )}
      {lead.reasons.length > 0 && (
        <details className="disclosure">
          <summary>{t("due.why")}</summary>
          <ul className="reasons">
            {lead.reasons.map((r) => (
              <li key={r.rule}>
                <span className={r.points >= 0 ? "points plus" : "points minus"}>{r.points > 0 ? `+${r.points}` : r.points}</span>{" "}
                {r.explanation}
              </li>
            ))}
          </ul>
        </details>
      )}
      <ContactActions
        phone={lead.phone}
        email={lead.email}
        message={task.message}
        subject={task.subject}
        links={task.links}
        onTap={setTapped}
      />
      <LogActivityForm leadId={task.leadId} defaultType={tapped ?? task.channel} onLogged={onLogged} compact />
    </article>
  );
}

function HotLead({ lead }: { lead: LeadSummary }) {
  const { tv, relative, dateTime } = useI18n();
  return (
    <article className="item hot-lead" data-testid="hot-lead" data-lead-id={lead.leadId}>
      <div className="item-head">
        <div className="item-title">
          <Link to={`/leads/${lead.leadId}`} className="item-name">
            {lead.name || lead.company || lead.phone || lead.email}
          </Link>
          <div className="muted small">{[lead.company, lead.city].filter(Boolean).join(" · ")}</div>
        </div>
        <GradeBadge grade={lead.grade} score={lead.score} />
      </div>
      <div className="item-meta">
        {lead.source && <span>{tv("source", lead.source)}</span>}
        {lead.campaign && <span>{lead.campaign}</span>}
        <time dateTime={lead.assignedAt ?? lead.receivedAt} title={dateTime(lead.assignedAt ?? lead.receivedAt)}>
          {relative(lead.assignedAt ?? lead.receivedAt)}
        </time>
      </div>
      <ContactActions phone={lead.phone} email={lead.email} />
    </article>
  );
}

export function MyDayPage() {
  const user = useUser();
  const { t } = useI18n();
  useNow(30_000);
  // A user linked to a rep sees their own work; an admin without one sees everyone's.
  const owner = user.role === "sales_rep" || user.repId ? "me" : undefined;
  const due = useResource((signal) => api.due(owner, signal), [owner]);
  const hot = useResource(
    (signal) => api.leads({ owner, status: "assigned", grade: "A", pageSize: 20 }, signal),
    [owner],
  );
  const reload = () => {
    due.reload();
    hot.reload();
  };
  useLiveRefresh(reload);
  usePolling(reload, 60_000, useLiveState() !== "open");

  const tasks = due.data ?? [];
  const overdue = tasks.filter((task) => task.status === "overdue").length;

  return (
    <div className="page">
      <PageTitle text={t("myDay.title")} />
      {!owner && <p className="notice notice-info">{t("myDay.everyone")}</p>}
      <Section
        title={t("myDay.due")}
        id="due"
        actions={
          tasks.length > 0 && (
            <span className="counts">
              {overdue > 0 && <span className="badge badge-danger">{t("myDay.overdueCount", { count: overdue })}</span>}
              <span className="badge">{t("myDay.dueCount", { count: tasks.length - overdue })}</span>
            </span>
          )
        }
      >
        <ErrorNotice error={due.error} onRetry={due.reload} />
        {due.loading && !due.data ? (
          <Loading />
        ) : tasks.length === 0 && !due.error ? (
          <Empty>{t("myDay.dueEmpty")}</Empty>
        ) : (
          <div className="item-list" data-testid="due-list">
            {tasks.map((task) => (
              <DueItem key={task.taskId} task={task} onLogged={reload} />
            ))}
          </div>
        )}
      </Section>
      <Section title={t("myDay.hot")} id="hot">
        <ErrorNotice error={hot.error} onRetry={hot.reload} />
        {hot.loading && !hot.data ? (
          <Loading />
        ) : (hot.data?.items.length ?? 0) === 0 && !hot.error ? (
          <Empty>{t("myDay.hotEmpty")}</Empty>
        ) : (
          <div className="item-list item-grid" data-testid="hot-list">
            {hot.data?.items.map((lead) => <HotLead key={lead.leadId} lead={lead} />)}
          </div>
        )}
      </Section>
    </div>
  );
}
