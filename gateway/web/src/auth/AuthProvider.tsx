import { createContext, type ReactNode, useContext, useMemo, useSyncExternalStore } from "react";
import { sessions } from "../api/client";
import type { User } from "../api/types";
import type { Session } from "./session";
import type { SignOutReason } from "./sessionManager";

interface Auth {
  session: Session | null;
  user: User | null;
  signOutReason: SignOutReason | null;
  login: (email: string, password: string) => Promise<Session>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

const subscribe = (notify: () => void) => sessions.subscribe(notify);
const snapshot = () => sessions.session;

export function AuthProvider({ children }: { children: ReactNode }) {
  const session = useSyncExternalStore(subscribe, snapshot);
  const value = useMemo<Auth>(
    () => ({
      session,
      user: session?.user ?? null,
      signOutReason: sessions.signOutReason,
      login: (email, password) => sessions.login(email, password),
      logout: () => sessions.logout(),
    }),
    [session],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}

/** The signed-in user; only for screens behind the sign-in guard. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error("useUser without a session");
  return user;
}
