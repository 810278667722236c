import { ApiError, NetworkError } from "../api/problem";
import type { I18n } from "../i18n/I18nProvider";
import { useI18n } from "../i18n/I18nProvider";

/** A failure in the user's language, with the server's own words (titles, field messages) underneath. */
export function describeError(error: unknown, t: I18n["t"]): { headline: string; details: string[] } {
  if (error instanceof NetworkError) return { headline: t("error.network"), details: [] };
  if (error instanceof ApiError) {
    const details = [error.title, error.detail, ...error.fieldMessages()].filter(
      (s): s is string => !!s && !/^One or more validation errors/.test(s),
    );
    const headline =
      error.status === 400 || error.status === 422
        ? t("error.validation")
        : error.status === 403
          ? t("error.forbidden")
          : error.status === 404
            ? t("error.notFound")
            : error.status === 409
              ? t("error.conflict")
              : t("error.status", { status: error.status });
    return { headline, details };
  }
  return { headline: t("error.generic"), details: error instanceof Error && error.message ? [error.message] : [] };
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const { headline, details } = describeError(error, t);
  return (
    <div className="notice notice-error" role="alert">
      <strong>{headline}</strong>
      {details.length > 0 && (
        <ul className="notice-details">
          {details.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

export function SuccessNotice({ message, onDismiss }: { message: string | null; onDismiss?: () => void }) {
  const { t } = useI18n();
  if (!message) return null;
  return (
    <div className="notice notice-success" role="status">
      <span>{message}</span>
      {onDismiss && (
        <button type="button" className="btn-link" onClick={onDismiss}>
          {t("common.dismiss")}
        </button>
      )}
    </div>
  );
}
