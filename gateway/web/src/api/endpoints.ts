import { request } from "./client";
import type {
  ActivityRequest,
  ApiKeyView,
  BacktestResponse,
  BlackHoleKind,
  BlackHoleReport,
  CreatedApiKey,
  DueTask,
  FunnelReport,
  LeadDetail,
  LeadSummary,
  ModelDocument,
  OutcomeRequest,
  Page,
  ReassignResponse,
  SalesRep,
  ScoringModel,
} from "./types";

export interface LeadQuery {
  owner?: string;
  status?: string;
  grade?: string;
  campaign?: string;
  source?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

const enc = encodeURIComponent;

export const api = {
  leads: (query: LeadQuery, signal?: AbortSignal) =>
    request<Page<LeadSummary>>("/api/leads", { query: { ...query }, signal }),
  lead: (leadId: string, signal?: AbortSignal) => request<LeadDetail>(`/api/leads/${enc(leadId)}`, { signal }),
  logActivity: (leadId: string, body: ActivityRequest) =>
    request<unknown>(`/api/leads/${enc(leadId)}/activities`, { method: "POST", body }),
  recordOutcome: (leadId: string, body: OutcomeRequest) =>
    request<unknown>(`/api/leads/${enc(leadId)}/outcome`, { method: "POST", body }),
  reassign: (leadId: string, body: { repId?: string; reason: string }) =>
    request<ReassignResponse>(`/api/leads/${enc(leadId)}/reassign`, { method: "POST", body }),

  /** owner: "me", a rep id, or undefined for everyone's (managers and admins). */
  due: (owner: string | undefined, signal?: AbortSignal) =>
    request<DueTask[]>("/api/followups/due", { query: { owner }, signal }),

  salesReps: (signal?: AbortSignal) => request<SalesRep[]>("/api/sales-reps", { signal }),

  funnel: (query: { groupBy: "campaign" | "source" | "rep"; from?: string; to?: string }, signal?: AbortSignal) =>
    request<FunnelReport>("/api/reports/funnel", { query: { ...query, format: "json" }, signal }),
  blackHole: (
    query: { olderThanHours: number; kind?: BlackHoleKind; repId?: string; page?: number; pageSize?: number },
    signal?: AbortSignal,
  ) => request<BlackHoleReport>("/api/reports/black-hole", { query: { ...query, format: "json" }, signal }),

  models: (signal?: AbortSignal) => request<ScoringModel[]>("/api/scoring/models", { signal }),
  activeModel: (signal?: AbortSignal) => request<ScoringModel>("/api/scoring/models/active", { signal }),
  createModel: (document: ModelDocument) =>
    request<ScoringModel>("/api/scoring/models", { method: "POST", body: document }),
  approveModel: (version: number) =>
    request<ScoringModel>(`/api/scoring/models/${version}/approve`, { method: "POST", body: {} }),
  backtest: (version: number) =>
    request<BacktestResponse>(`/api/scoring/models/${version}/backtest`, { method: "POST", body: {} }),

  apiKeys: (signal?: AbortSignal) => request<ApiKeyView[]>("/api/auth/api-keys", { signal }),
  createApiKey: (body: { name: string; permitsPerSecond?: number; burst?: number }) =>
    request<CreatedApiKey>("/api/auth/api-keys", { method: "POST", body }),
  revokeApiKey: (keyId: string) => request<void>(`/api/auth/api-keys/${enc(keyId)}`, { method: "DELETE" }),
};
