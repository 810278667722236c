import { type FormEvent, useState } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import { ApiError } from "../api/problem";
import { useAuth } from "../auth/AuthProvider";
import { describeError } from "../components/ErrorNotice";
import { LanguageSwitch } from "../components/Layout";
import { PageTitle } from "../components/ui";
import { useI18n } from "../i18n/I18nProvider";
import { canSee, homePath, NAV_ITEMS, screensFor } from "../nav/access";

/** Back to where the user was sent from, if their role may be there. */
function destination(from: unknown, role: string): string {
  if (typeof from !== "string" || !from.startsWith("/") || from.startsWith("//") || from.startsWith("/login")) return homePath(role);
  const screen = Object.values(NAV_ITEMS).find((item) => from === item.path || from.startsWith(`${item.path}/`) || from.startsWith(`${item.path}?`));
  return screen && canSee(role, screen.screen) ? from : homePath(role);
}

export function LoginPage() {
  const { t } = useI18n();
  const { session, login, logout, signOutReason } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: unknown } | null)?.from;
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (session && !busy && screensFor(session.user.role).length > 0) return <Navigate to={destination(from, session.user.role)} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await login(email.trim(), password);
      if (screensFor(s.user.role).length === 0) {
        await logout();
        setError(t("error.forbidden"));
        return;
      }
      navigate(destination(from, s.user.role), { replace: true });
    } catch (e) {
      setError(e instanceof ApiError && (e.status === 401 || e.status === 400) ? t("login.failed") : describeError(e, t).headline);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="card login-card" onSubmit={submit} noValidate>
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">S</span>
          <span className="brand-name">{t("app.name")}</span>
        </div>
        <PageTitle text={t("login.title")} />
        <p className="muted">{t("app.tagline")}</p>
        {signOutReason === "expired" && !error && (
          <div className="notice notice-info" role="status">
            {t("login.expired")}
          </div>
        )}
        {error && (
          <div className="notice notice-error" role="alert" data-testid="login-error">
            {error}
          </div>
        )}
        <div className="field">
          <label htmlFor="login-email">{t("login.email")}</label>
          <input
            id="login-email"
            data-testid="login-email"
            type="email"
            inputMode="email"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t("login.password")}</label>
          <input
            id="login-password"
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="btn btn-primary btn-block" data-testid="login-submit" disabled={busy || !email || !password}>
          {busy ? t("login.submitting") : t("login.submit")}
        </button>
      </form>
    </div>
  );
}
