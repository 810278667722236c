import { useRef, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/endpoints";
import type { DueTask } from "../../api/types";
import { ErrorNotice } from "../../components/ErrorNotice";
import { type LeadChoice, ReassignForm } from "../../components/ReassignForm";
import { Empty, GradeBadge, Loading, PageTitle, Section } from "../../components/ui";
import { useI18n } from "../../i18n/I18nProvider";
import { useLiveRefresh, useLiveState } from "../../live/LiveProvider";
import { usePolling, useNow } from "../../lib/useTimers";
import { useResource } from "../../lib/useResource";
import { BLACK_HOLE_HOURS, BlackHoleCounts, BlackHoleItems } from "./BlackHole";
import { RepsTable } from "./RepsTable";

function OverdueItem({ task, repName, onReassign }: { task: DueTask; repName: string; onReassign: (leadId: string) => void }) {
  const { t, tv, relative, dateTime } = useI18n();
  return (
    <li className="item item-row" data-testid="team-due-item" data-lead-id={task.leadId} data-rep-id={task.repId}>
      <div className="item-head">
        <div className="item-title">
          <Link to={`/leads/${task.leadId}`} className="item-name">
            {task.lead.name || task.lead.company || task.leadId.slice(0, 8)}
          </Link>
          <div className="muted small">{[task.lead.company, repName].filter(Boolean).join(" · ")}</div>
        </div>
        <GradeBadge grade={task.lead.grade} score={task.lead.score} />
      </div>
      <div className="item-meta">
        <span className="badge badge-danger">{t("due.overdue")}</span>
        <span>{t("due.step", { step: task.step, channel: tv("channel", task.channel) })}</span>
        <time dateTime={task.dueAt} title={dateTime(task.dueAt)}>
          {t("due.dueAt", { when: relative(task.dueAt) })}
        </time>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => onReassign(task.leadId)}>
          {t("reassign.this")}
        </button>
      </div>
    </li>
  );
}

export function TeamPage() {
  const { t } = useI18n();
  useNow(30_000);
  const [hours, setHours] = useState<number>(24);
  const [page, setPage] = useState(1);
  const [repFilter, setRepFilter] = useState("");
  const [selected, setSelected] = useState("");
  const panel = useRef<HTMLDivElement>(null);

  const reps = useResource((signal) => api.salesReps(signal), []);
  const due = useResource((signal) => api.due(undefined, signal), []);
  const blackHole = useResource((signal) => api.blackHole({ olderThanHours: hours, page, pageSize: 20 }, signal), [hours, page]);
  const reload = () => {
    reps.reload();
    due.reload();
    blackHole.reload();
  };
  useLiveRefresh(reload);
  usePolling(reload, 60_000, useLiveState() !== "open");

  const repNames = new Map((reps.data ?? []).map((r) => [r.repId, r.name]));
  const overdue = (due.data ?? []).filter((task) => task.status === "overdue" && (!repFilter || task.repId === repFilter));

  const choices: LeadChoice[] = [];
  const seen = new Set<string>();
  for (const task of due.data ?? []) {
    if (seen.has(task.leadId)) continue;
    seen.add(task.leadId);
    choices.push({ leadId: task.leadId, label: `${task.lead.name ?? task.lead.company ?? task.leadId.slice(0, 8)} · ${repNames.get(task.repId) ?? ""}` });
  }
  for (const item of blackHole.data?.items ?? []) {
    if (seen.has(item.leadId) || !item.ownerRepId) continue;
    seen.add(item.leadId);
    choices.push({ leadId: item.leadId, label: `${item.name ?? item.company ?? item.leadId.slice(0, 8)} · ${item.ownerName ?? ""}` });
  }

  const pick = (leadId: string) => {
    setSelected(leadId);
    panel.current?.scrollIntoView({ behavior: "smooth", block: "center" });
  };

  return (
    <div className="page">
      <PageTitle text={t("team.title")} />
      <Section title={t("team.reps")} id="reps">
        <ErrorNotice error={reps.error} onRetry={reps.reload} />
        {reps.loading && !reps.data ? <Loading /> : reps.data ? <RepsTable reps={reps.data} due={due.data ?? []} /> : null}
      </Section>

      <div className="columns">
        <Section
          title={t("team.overdue")}
          id="overdue"
          actions={
            <select aria-label={t("team.colRep")} data-testid="team-rep-filter" value={repFilter} onChange={(e) => setRepFilter(e.target.value)}>
              <option value="">{t("team.allReps")}</option>
              {(reps.data ?? []).map((r) => (
                <option key={r.repId} value={r.repId}>
                  {r.name}
                </option>
              ))}
            </select>
          }
        >
          <ErrorNotice error={due.error} onRetry={due.reload} />
          {due.loading && !due.data ? (
            <Loading />
          ) : overdue.length === 0 ? (
            <Empty>{t("team.overdueEmpty")}</Empty>
          ) : (
            <ul className="item-list" data-testid="team-due-list">
              {overdue.map((task) => (
                <OverdueItem key={task.taskId} task={task} repName={repNames.get(task.repId) ?? ""} onReassign={pick} />
              ))}
            </ul>
          )}
        </Section>

        <div ref={panel}>
          <Section title={t("reassign.title")} id="reassign">
            <ReassignForm
              choices={choices}
              selected={selected}
              onSelect={setSelected}
              reps={reps.data ?? []}
              currentRepId={undefined}
              onDone={() => {
                setSelected("");
                reload();
                setTimeout(reload, 1500);
              }}
            />
          </Section>
        </div>
      </div>

      <Section
        title={t("team.blackHole")}
        id="black-hole"
        actions={
          <label className="inline-field">
            <span>{t("team.olderThan")}</span>
            <select
              data-testid="black-hole-hours"
              value={hours}
              onChange={(e) => {
                setHours(Number(e.target.value));
                setPage(1);
              }}
            >
              {BLACK_HOLE_HOURS.map((h) => (
                <option key={h} value={h}>
                  {h === 0 ? t("team.anyAge") : t("team.hours", { hours: h })}
                </option>
              ))}
            </select>
          </label>
        }
      >
        <ErrorNotice error={blackHole.error} onRetry={blackHole.reload} />
        {blackHole.loading && !blackHole.data ? (
          <Loading />
        ) : blackHole.data ? (
          <>
            <BlackHoleCounts report={blackHole.data} />
            <BlackHoleItems report={blackHole.data} onPage={setPage} onReassign={pick} />
          </>
        ) : null}
      </Section>
    </div>
  );
}
