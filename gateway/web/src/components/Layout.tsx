import { NavLink, Outlet, useNavigate } from "react-router";
import { useAuth, useUser } from "../auth/AuthProvider";
import { useI18n } from "../i18n/I18nProvider";
import { useLiveState } from "../live/LiveProvider";
import { homePath, navFor } from "../nav/access";
import { NavIcon } from "./NavIcon";

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <button
      type="button"
      className="btn btn-ghost lang-switch"
      data-testid="lang-switch"
      data-lang={lang}
      aria-label={t("lang.switch")}
      title={t("lang.switch")}
      onClick={() => setLang(lang === "id" ? "en" : "id")}
    >
      <span aria-hidden="true" className={lang === "id" ? "on" : ""}>ID</span>
      <span aria-hidden="true" className="sep">/</span>
      <span aria-hidden="true" className={lang === "en" ? "on" : ""}>EN</span>
    </button>
  );
}

function LiveDot() {
  const { t } = useI18n();
  const state = useLiveState();
  if (state === "idle") return null;
  const label = state === "open" ? t("live.open") : state === "connecting" ? t("live.connecting") : t("live.retrying");
  return (
    <span className={`live live-${state}`} role="status" title={label} data-testid="live-state" data-state={state}>
      <span className="live-dot" aria-hidden="true" />
      <span className="live-label">{label}</span>
    </span>
  );
}

export function Layout() {
  const user = useUser();
  const { logout } = useAuth();
  const { t, tv } = useI18n();
  const navigate = useNavigate();
  const items = navFor(user.role);

  const signOut = async () => {
    await logout();
    navigate("/login", { replace: true });
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <header className="topbar">
        <NavLink to={homePath(user.role)} className="brand">
          <span className="brand-mark" aria-hidden="true">S</span>
          <span className="brand-name">{t("app.name")}</span>
        </NavLink>
        <nav className="mainnav" aria-label={t("nav.main")}>
          {items.map((item) => (
            <NavLink key={item.screen} to={item.path} data-testid={item.testId} className="mainnav-link">
              <NavIcon screen={item.screen} />
              <span>{t(item.label)}</span>
            </NavLink>
          ))}
        </nav>
        <div className="topbar-tools">
          <LiveDot />
          <span className="who" title={t("header.signedInAs", { name: user.name, role: tv("role", user.role) })}>
            <span className="who-name">{user.name}</span>
            <span className="who-role">{tv("role", user.role)}</span>
          </span>
          <LanguageSwitch />
          <button type="button" className="btn btn-ghost" data-testid="sign-out" onClick={signOut}>
            {t("header.signOut")}
          </button>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
