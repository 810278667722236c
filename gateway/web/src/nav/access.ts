import type { MessageKey } from "../i18n/dictionary";
import type { Role } from "../api/types";

export type Screen = "my-day" | "leads" | "team" | "marketing";

export interface NavItem {
  screen: Screen;
  path: string;
  label: MessageKey;
  testId: string;
}

export const NAV_ITEMS: Record<Screen, NavItem> = {
  "my-day": { screen: "my-day", path: "/my-day", label: "nav.myDay", testId: "nav-my-day" },
  leads: { screen: "leads", path: "/leads", label: "nav.leads", testId: "nav-leads" },
  team: { screen: "team", path: "/team", label: "nav.team", testId: "nav-team" },
  marketing: { screen: "marketing", path: "/marketing", label: "nav.marketing", testId: "nav-marketing" },
};

/** Which screens each role works in, in menu order (the first is where they land after signing in). */
const SCREENS_BY_ROLE: Record<Role, readonly Screen[]> = {
  sales_rep: ["my-day", "leads"],
  sales_manager: ["leads", "team", "marketing"],
  marketing: ["leads", "marketing"],
  admin: ["my-day", "leads", "team", "marketing"],
};

export function screensFor(role: string | null | undefined): readonly Screen[] {
  return role && role in SCREENS_BY_ROLE ? SCREENS_BY_ROLE[role as Role] : [];
}

export function navFor(role: string | null | undefined): NavItem[] {
  return screensFor(role).map((screen) => NAV_ITEMS[screen]);
}

export function canSee(role: string | null | undefined, screen: Screen): boolean {
  return screensFor(role).includes(screen);
}

/** Where a role starts; /login for a role that has no screen here. */
export function homePath(role: string | null | undefined): string {
  const first = screensFor(role)[0];
  return first ? NAV_ITEMS[first].path : "/login";
}

/** What a role may change, mirroring the gateway's policies (the server enforces them; this only hides dead buttons). */
export const can = {
  /** Activities and outcomes: the Sales policy. */
  workLeads: (role: string | null | undefined) => role === "sales_rep" || role === "sales_manager" || role === "admin",
  /** Reassignment: the Managers policy. */
  reassign: (role: string | null | undefined) => role === "sales_manager" || role === "admin",
  /** Drafts and backtests: the Insight policy. */
  editModels: (role: string | null | undefined) => role === "marketing" || role === "sales_manager" || role === "admin",
  /** Each side approves for itself; an admin speaks for neither. */
  approveModels: (role: string | null | undefined) => role === "marketing" || role === "sales_manager",
  manageApiKeys: (role: string | null | undefined) => role === "admin",
  filterByOwner: (role: string | null | undefined) => role !== "sales_rep",
};
