import type { DueTask, SalesRep } from "../../api/types";
import { Empty } from "../../components/ui";
import { useI18n } from "../../i18n/I18nProvider";

export function RepsTable({ reps, due }: { reps: SalesRep[]; due: DueTask[] }) {
  const { t, number } = useI18n();
  if (reps.length === 0) return <Empty>{t("team.repsEmpty")}</Empty>;
  const counts = new Map<string, { overdue: number; due: number }>();
  for (const task of due) {
    const c = counts.get(task.repId) ?? { overdue: 0, due: 0 };
    if (task.status === "overdue") c.overdue++;
    else c.due++;
    counts.set(task.repId, c);
  }
  return (
    <div className="table-wrap">
      <table className="table table-stack" data-testid="rep-table">
        <thead>
          <tr>
            <th scope="col">{t("team.colRep")}</th>
            <th scope="col">{t("team.colLoad")}</th>
            <th scope="col" className="num">{t("team.colOverdue")}</th>
            <th scope="col" className="num">{t("team.colDue")}</th>
            <th scope="col">{t("team.colState")}</th>
            <th scope="col">{t("team.colRegions")}</th>
          </tr>
        </thead>
        <tbody>
          {reps.map((rep) => {
            const c = counts.get(rep.repId) ?? { overdue: 0, due: 0 };
            const share = rep.capacity > 0 ? Math.min(1, rep.openLeads / rep.capacity) : 1;
            const full = rep.openLeads >= rep.capacity;
            return (
              <tr key={rep.repId} data-testid="rep-row" data-rep-id={rep.repId} className={rep.active ? "" : "is-muted"}>
                <td data-label={t("team.colRep")} className="cell-main">
                  <strong>{rep.name}</strong>
                  <div className="muted small">{rep.email}</div>
                </td>
                <td data-label={t("team.colLoad")}>
                  <div className="load" title={`${rep.openLeads}/${rep.capacity}`}>
                    <div className="load-bar" aria-hidden="true">
                      <span className={full ? "load-fill is-full" : share > 0.8 ? "load-fill is-high" : "load-fill"} style={{ width: `${share * 100}%` }} />
                    </div>
                    <span className="load-text" data-testid="rep-load">
                      {number(rep.openLeads)} / {number(rep.capacity)}
                    </span>
                  </div>
                </td>
                <td data-label={t("team.colOverdue")} className="num">
                  {c.overdue > 0 ? <span className="badge badge-danger">{c.overdue}</span> : 0}
                </td>
                <td data-label={t("team.colDue")} className="num">
                  {c.due}
                </td>
                <td data-label={t("team.colState")}>
                  <span className="tags">
                    <span className={rep.active ? "badge badge-ok" : "badge"}>{rep.active ? t("team.active") : t("team.inactive")}</span>
                    {rep.away && <span className="badge badge-warn">{t("team.away")}</span>}
                    {full && rep.active && <span className="badge badge-warn">{t("team.full")}</span>}
                  </span>
                </td>
                <td data-label={t("team.colRegions")}>{rep.regions.join(", ") || "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
