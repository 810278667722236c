import { type ReactNode, useEffect } from "react";
import { useI18n } from "../i18n/I18nProvider";

export function PageTitle({ children, text }: { children?: ReactNode; text: string }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${text} · ${t("app.name")}`;
  }, [text, t]);
  return (
    <h1 className="page-title" data-testid="page-title">
      {children ?? text}
    </h1>
  );
}

export function Section({ title, actions, children, id }: { title: string; actions?: ReactNode; children: ReactNode; id?: string }) {
  return (
    <section className="card" aria-labelledby={id ? `${id}-title` : undefined} id={id}>
      <div className="card-head">
        <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
        {actions && <div className="card-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted loading" role="status">
      {t("common.loading")}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function GradeBadge({ grade, score }: { grade: string | null | undefined; score?: number | null }) {
  const { t } = useI18n();
  if (!grade) return <span className="grade grade-none">–</span>;
  const label = score !== null && score !== undefined ? `${t("grade.label", { grade })}, ${t("score.label", { score })}` : t("grade.label", { grade });
  return (
    <span className={`grade grade-${grade}`} title={label} aria-label={label}>
      {grade}
      {score !== null && score !== undefined && <small>{score}</small>}
    </span>
  );
}

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { tv } = useI18n();
  return (
    <span className={`badge status-${status}`} data-testid={testId} data-status={status}>
      {tv("status", status)}
    </span>
  );
}

export function Pager({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const { t, number } = useI18n();
  if (total === 0) return null;
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const last = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label="pagination">
      <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => onPage(page - 1)} data-testid="page-prev">
        ‹ {t("common.previous")}
      </button>
      <span className="muted">{t("common.range", { from: number(from), to: number(to), total: number(total) })}</span>
      <button type="button" className="btn btn-small" disabled={page >= last} onClick={() => onPage(page + 1)} data-testid="page-next">
        {t("common.next")} ›
      </button>
    </nav>
  );
}

/** A label above its control; the control gets the id. */
export function Field({ label, htmlFor, children, hint }: { label: string; htmlFor: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && <div className="hint">{hint}</div>}
    </div>
  );
}
