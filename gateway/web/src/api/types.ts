// Wire shapes of the gateway's JSON (camelCase), as the C# records in services/*/Api serialise them.

export type Role = "admin" | "marketing" | "sales_manager" | "sales_rep";

export const ROLES: readonly Role[] = ["admin", "marketing", "sales_manager", "sales_rep"];

export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
  repId?: string | null;
  active?: boolean;
}

/** Sign-in and refresh. The web app asks for cookie mode: the tokens are then null and set as HttpOnly cookies. */
export interface LoginResponse {
  accessToken: string | null;
  expiresAt: string;
  refreshToken?: string | null;
  user: User;
  session?: "cookie";
  csrfToken?: string;
}

/** GET /api/auth/session: who the cookie belongs to, until when, and the CSRF token for writes. */
export interface SessionResponse {
  user: User;
  expiresAt: string;
  csrfToken: string;
}

export const LEAD_STATUSES = ["new", "nurture", "assigned", "contacted", "won", "lost", "disqualified"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const GRADES = ["A", "B", "C", "D"] as const;
export type Grade = (typeof GRADES)[number];

export const SOURCES = [
  "website-form",
  "whatsapp",
  "quote-request",
  "landing-page",
  "ads-lead-form",
  "referral",
  "event",
  "import",
] as const;
export type Source = (typeof SOURCES)[number];

export const ACTIVITY_TYPES = ["call", "whatsapp", "email", "meeting", "note"] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTIVITY_OUTCOMES = ["no-answer", "connected", "replied", "meeting-set", "not-interested"] as const;
export type ActivityOutcome = (typeof ACTIVITY_OUTCOMES)[number];

export const OUTCOME_RESULTS = ["won", "lost", "disqualified"] as const;
export type OutcomeResult = (typeof OUTCOME_RESULTS)[number];

export const FOLLOW_UP_STATUSES = ["pending", "done", "overdue", "cancelled"] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export const QUALIFICATIONS = ["nurture", "mql", "sql"] as const;
export type Qualification = (typeof QUALIFICATIONS)[number];

export interface ScoreReason {
  rule: string;
  points: number;
  explanation: string;
}

export interface LeadSummary {
  leadId: string;
  status: LeadStatus;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  city: string | null;
  source: string | null;
  campaign: string | null;
  receivedAt: string;
  touches: number;
  score: number | null;
  grade: Grade | null;
  qualification: Qualification | null;
  ownerRepId: string | null;
  ownerName: string | null;
  assignedAt: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ContactInfo {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
  jobTitle?: string | null;
  city?: string | null;
}

export interface InterestInfo {
  product?: string | null;
  message?: string | null;
  budget?: number | null;
  currency?: string | null;
  timeline?: string | null;
  locations?: string[] | null;
}

/** The ad click a touch came from (issue 20): the platforms' click ids and the ad a WhatsApp referral names. */
export interface AdClick {
  gclid?: string | null;
  gbraid?: string | null;
  wbraid?: string | null;
  fbclid?: string | null;
  fbc?: string | null;
  fbp?: string | null;
  ctwaClid?: string | null;
  ttclid?: string | null;
  msclkid?: string | null;
  sourceId?: string | null;
  sourceUrl?: string | null;
  headline?: string | null;
}

export interface LeadCapture {
  source: string;
  eventId: string;
  campaign: string | null;
  at: string;
  adClick: AdClick | null;
  adPlatform: string | null;
}

export interface LeadDetail {
  leadId: string;
  status: LeadStatus;
  contact: ContactInfo;
  interest: InterestInfo | null;
  utm: { source?: string | null; medium?: string | null; campaign?: string | null } | null;
  source: string | null;
  campaign: string | null;
  receivedAt: string;
  touches: number;
  score: {
    value: number;
    grade: Grade;
    qualification: Qualification;
    reasons: ScoreReason[];
    modelVersion: string;
    scoredAt?: string;
  } | null;
  owner: { repId: string; name: string; assignedAt: string } | null;
  followUps: { taskId: string; step: number; channel: string; dueAt: string; status: FollowUpStatus }[];
  activities: { activityId: string; type: string; outcome: string; notes: string | null; at: string }[];
  outcome: { result: OutcomeResult; value: number | null; currency: string | null; reason: string | null; closedAt: string | null } | null;
  timeline: { at: string; type: string; summary: string }[];
  adClick?: AdClick | null;
  adPlatform?: string | null;
  captures?: LeadCapture[];
}

export interface DueTask {
  taskId: string;
  leadId: string;
  repId: string;
  step: number;
  channel: string;
  dueAt: string;
  overdueAt: string;
  status: "pending" | "overdue";
  instructions: string;
  message: string | null;
  subject: string | null;
  lead: {
    name: string | null;
    company: string | null;
    city: string | null;
    phone: string | null;
    email: string | null;
    score: number | null;
    grade: Grade | null;
    reasons: ScoreReason[];
    timeZone: string;
  };
  /** Relative gateway paths (/api/followups/go/…) that record the attempt and redirect to tel:, wa.me or mailto:. */
  links: { call: string | null; whatsApp: string | null; email: string | null };
}

export interface ActivityRequest {
  type: ActivityType;
  outcome?: ActivityOutcome;
  notes?: string;
  at?: string;
}

export interface OutcomeRequest {
  result: OutcomeResult;
  value?: number;
  currency: string;
  reason?: string;
  closedAt?: string;
}

export interface SalesRep {
  repId: string;
  name: string;
  email: string;
  regions: string[];
  products: string[];
  capacity: number;
  weight: number;
  active: boolean;
  workingHours: { start: string; end: string; timeZone: string; days?: string[] | null };
  openLeads: number;
  away: boolean;
  daysOff: string[];
}

export interface ReassignResponse {
  leadId: string;
  repId: string;
  repName: string;
  previousRepId: string | null;
}

export interface FunnelRow {
  key: string;
  visits: number;
  clicks: number;
  spend: number;
  leads: number;
  qualified: number;
  assigned: number;
  contacted: number;
  won: number;
  lost: number;
  revenue: number;
  leadRate: number | null;
  qualifiedRate: number | null;
  winRate: number | null;
  costPerLead: number | null;
  costPerWon: number | null;
  medianSpeedToLeadSeconds: number | null;
  avgTouchesPerLead: number | null;
}

export interface FunnelReport {
  groupBy: string;
  from: string | null;
  to: string | null;
  rows: FunnelRow[];
}

export type BlackHoleKind = "never-contacted" | "stalled";

export interface BlackHoleItem {
  leadId: string;
  kind: BlackHoleKind;
  name: string | null;
  company: string | null;
  campaign: string | null;
  source: string | null;
  grade: Grade | null;
  status: LeadStatus;
  ownerRepId: string | null;
  ownerName: string | null;
  receivedAt: string;
  lastTouchAt: string | null;
  salesTouches: number;
}

export interface BlackHoleReport {
  olderThanHours: number;
  cutoff: string;
  neverContacted: number;
  stalled: number;
  byRep: { key: string; repId: string | null; neverContacted: number; stalled: number }[];
  byCampaign: { key: string; neverContacted: number; stalled: number }[];
  items: BlackHoleItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Approval {
  userId: string;
  name: string;
  at: string;
}

export interface ScoringRule {
  id?: string;
  category?: string;
  points?: number;
  explanation?: string;
  when?: unknown;
}

/** The editable document: what POST /api/scoring/models takes. */
export interface ModelDocument {
  name?: string;
  description?: string;
  rules?: ScoringRule[];
  gradeCutoffs?: { A?: number; B?: number; C?: number };
  qualification?: { mql?: number; sql?: number };
  decay?: { pointsPerDay?: number; graceDays?: number; maxPoints?: number };
  freeMailDomains?: string[];
}

export type ModelStatus = "draft" | "approved-by-one-side" | "active" | "retired";

export interface ScoringModel extends ModelDocument {
  version: number;
  modelVersion: string;
  status: ModelStatus;
  approvals: { marketing: Approval | null; sales: Approval | null };
  createdBy: string | null;
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
  rescore: { status: string; done: number; total: number; startedAt: string | null; finishedAt: string | null } | null;
}

export interface GradeStats {
  grade: Grade;
  count: number;
  won: number;
  winRate: number | null;
}

export interface BacktestResponse {
  version: number;
  modelVersion: string;
  leads: number;
  won: number;
  notWon: number;
  flagged: number;
  winRate: number | null;
  grades: GradeStats[];
  auc: number | null;
  liftA: number | null;
  active: {
    version: number;
    modelVersion: string;
    grades: GradeStats[];
    auc: number | null;
    liftA: number | null;
    winRate: number | null;
  } | null;
}

export interface ApiKeyView {
  keyId: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  permitsPerSecond: number;
  burst: number;
}

export interface CreatedApiKey {
  apiKey: ApiKeyView;
  key: string;
}

export const LIVE_EVENT_TYPES = ["lead-assigned", "followup-due", "followup-overdue", "lead-updated"] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

export interface LiveEvent {
  type: LiveEventType;
  leadId: string | null;
  data: Record<string, unknown>;
}
