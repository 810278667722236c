import { Link } from "react-router";
import { useAuth } from "../auth/AuthProvider";
import { PageTitle } from "../components/ui";
import { useI18n } from "../i18n/I18nProvider";
import { homePath } from "../nav/access";

export function NotFoundPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  return (
    <div className="page">
      <PageTitle text={t("notFound.title")} />
      <p>{t("notFound.body")}</p>
      <Link to={homePath(user?.role)}>{t("notFound.home")}</Link>
    </div>
  );
}
