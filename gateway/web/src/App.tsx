import { lazy, type ReactNode, Suspense } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router";
import { useAuth } from "./auth/AuthProvider";
import { Layout } from "./components/Layout";
import { Loading } from "./components/ui";
import { canSee, homePath, type Screen, screensFor } from "./nav/access";
import { LeadDetailPage } from "./pages/LeadDetailPage";
import { LeadsPage } from "./pages/LeadsPage";
import { LoginPage } from "./pages/LoginPage";
import { MyDayPage } from "./pages/MyDayPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { TeamPage } from "./pages/team/TeamPage";

// recharts is large and only marketing screens need it: load that screen on demand.
const MarketingPage = lazy(() => import("./pages/marketing/MarketingPage"));

function RequireAuth({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // A role with no screen here (not one of the four people roles) gets the sign-in page, which explains.
  if (screensFor(session.user.role).length === 0) return <Navigate to="/login" replace />;
  return children;
}

/** A screen the role may not use sends them to their own start page instead. */
function Guard({ screen, children }: { screen: Screen; children: ReactNode }) {
  const { user } = useAuth();
  if (!canSee(user?.role, screen)) return <Navigate to={homePath(user?.role)} replace />;
  return children;
}

function Home() {
  const { user } = useAuth();
  return <Navigate to={homePath(user?.role)} replace />;
}

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireAuth>
              <Layout />
            </RequireAuth>
          }
        >
          <Route index element={<Home />} />
          <Route path="/my-day" element={<Guard screen="my-day"><MyDayPage /></Guard>} />
          <Route path="/leads" element={<Guard screen="leads"><LeadsPage /></Guard>} />
          <Route path="/leads/:leadId" element={<Guard screen="leads"><LeadDetailPage /></Guard>} />
          <Route path="/team" element={<Guard screen="team"><TeamPage /></Guard>} />
          <Route
            path="/marketing"
            element={
              <Guard screen="marketing">
                <Suspense fallback={<Loading />}>
                  <MarketingPage />
                </Suspense>
              </Guard>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
