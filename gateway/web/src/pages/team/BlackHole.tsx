import { Link } from "react-router";
import type { BlackHoleReport } from "../../api/types";
import { Empty, GradeBadge, Pager, StatusBadge } from "../../components/ui";
import { useI18n } from "../../i18n/I18nProvider";

// 0: every lead in the black hole right now, however young (a manager sweeping today's neglected leads).
export const BLACK_HOLE_HOURS = [0, 24, 48, 72, 168] as const;

export function BlackHoleCounts({ report }: { report: BlackHoleReport }) {
  const { t, number } = useI18n();
  return (
    <div className="black-hole-counts">
      <div className="stats">
        <div className="stat" data-testid="black-hole-never">
          <span className="stat-value">{number(report.neverContacted)}</span>
          <span className="stat-label">{t("team.neverContacted")}</span>
        </div>
        <div className="stat" data-testid="black-hole-stalled">
          <span className="stat-value">{number(report.stalled)}</span>
          <span className="stat-label">{t("team.stalled")}</span>
        </div>
      </div>
      <div className="split">
        {[
          { title: t("team.byRep"), rows: report.byRep.map((r) => ({ ...r, key: r.repId ? r.key : t("leads.unassigned") })), testId: "black-hole-by-rep" },
          { title: t("team.byCampaign"), rows: report.byCampaign, testId: "black-hole-by-campaign" },
        ].map((group) => (
          <div key={group.testId} className="table-wrap">
            <table className="table table-compact" data-testid={group.testId}>
              <caption>{group.title}</caption>
              <thead>
                <tr>
                  <th scope="col" />
                  <th scope="col" className="num">{t("team.neverContacted")}</th>
                  <th scope="col" className="num">{t("team.stalled")}</th>
                </tr>
              </thead>
              <tbody>
                {group.rows.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">{row.key}</th>
                    <td className="num">{number(row.neverContacted)}</td>
                    <td className="num">{number(row.stalled)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </div>
    </div>
  );
}

export function BlackHoleItems({ report, onPage, onReassign }: { report: BlackHoleReport; onPage: (page: number) => void; onReassign?: (leadId: string) => void }) {
  const { t, relative, dateTime } = useI18n();
  if (report.items.length === 0) return <Empty>{t("team.blackHoleEmpty")}</Empty>;
  return (
    <>
      <ul className="item-list" data-testid="black-hole-list">
        {report.items.map((item) => (
          <li key={item.leadId} className="item item-row" data-testid="black-hole-item" data-lead-id={item.leadId} data-kind={item.kind}>
            <div className="item-head">
              <div className="item-title">
                <Link to={`/leads/${item.leadId}`} className="item-name">
                  {item.name || item.company || item.leadId.slice(0, 8)}
                </Link>
                <div className="muted small">
                  {[item.company, item.campaign, item.ownerName ?? t("leads.unassigned")].filter(Boolean).join(" · ")}
                </div>
              </div>
              <GradeBadge grade={item.grade} />
            </div>
            <div className="item-meta">
              <span className={item.kind === "never-contacted" ? "badge badge-danger" : "badge badge-warn"}>
                {item.kind === "never-contacted" ? t("team.neverContacted") : t("team.stalled")}
              </span>
              <StatusBadge status={item.status} />
              <span>{t("team.touches", { count: item.salesTouches })}</span>
              <time dateTime={item.lastTouchAt ?? item.receivedAt} title={dateTime(item.lastTouchAt ?? item.receivedAt)}>
                {item.lastTouchAt ? t("team.lastTouch", { when: relative(item.lastTouchAt) }) : relative(item.receivedAt)}
              </time>
              {onReassign && item.ownerRepId && (
                <button type="button" className="btn btn-small btn-ghost" onClick={() => onReassign(item.leadId)}>
                  {t("reassign.this")}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <Pager page={report.page} pageSize={report.pageSize} total={report.total} onPage={onPage} />
    </>
  );
}
