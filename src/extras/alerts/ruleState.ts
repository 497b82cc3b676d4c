/**
 * Pure helpers of the Alerts page: each template's state merged from Prometheus' rules and alerts APIs, the
 * templates grouped for display, and what an install failure means.
 */
import { AlertGroupSpec, AlertRuleSpec } from '../../catalog/rules/types';

export type TemplateState = 'firing' | 'pending' | 'inactive' | 'not loaded';

/** The parts of /api/v1/rules and /api/v1/alerts the page reads. */
export interface PromRulesData {
  groups: Array<{ rules: Array<{ type: string; name: string; state?: string }> }>;
}
export interface PromAlertsData {
  alerts: Array<{ labels: Record<string, string>; state: string }>;
}

const RANK: Record<TemplateState, number> = { 'not loaded': 0, inactive: 1, pending: 2, firing: 3 };

/**
 * State per alert name: "not loaded" unless Prometheus has an alerting rule of that name; then the worst
 * state of its active alerts (firing over pending), inactive when it has none.
 */
export function mergeStates(names: string[], rules: PromRulesData, alerts: PromAlertsData): Record<string, TemplateState> {
  const loaded = new Set(rules.groups.flatMap((g) => g.rules).filter((r) => r.type === 'alerting').map((r) => r.name));
  const out: Record<string, TemplateState> = {};
  for (const name of names) {
    out[name] = loaded.has(name) ? 'inactive' : 'not loaded';
  }
  for (const a of alerts.alerts) {
    const name = a.labels.alertname;
    const state = a.state === 'firing' ? 'firing' : a.state === 'pending' ? 'pending' : undefined;
    if (name in out && state && out[name] !== 'not loaded' && RANK[state] > RANK[out[name]]) {
      out[name] = state;
    }
  }
  return out;
}

export interface TemplateRow {
  group: string;
  rule: AlertRuleSpec;
  state: TemplateState | 'unknown';
}

/** Rows by group, critical first within a group, in catalog order otherwise. */
export function templateRows(groups: AlertGroupSpec[], states?: Record<string, TemplateState>): Array<{ title: string; rows: TemplateRow[] }> {
  return groups.map((g) => ({
    title: g.title,
    rows: [...g.rules]
      .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1))
      .map((rule) => ({ group: g.name, rule, state: states?.[rule.name] ?? 'unknown' })),
  }));
}

/** What an HTTP status from Grafana's API means for the person pressing Install. */
export function installErrorMessage(status: number | undefined, message?: string): string {
  switch (status) {
    case 401:
    case 403:
      return 'Grafana refused: creating alert rules needs the Editor role (or the alert rules writer permission) in this organization.';
    case 404:
      return 'Grafana alerting is not available here (the provisioning API answered 404): enable unified alerting, or install the rule files in Prometheus instead.';
    case 409:
      return 'A rule with this uid already exists: it is installed.';
    default:
      return `Install failed${status ? ` (HTTP ${status})` : ''}${message ? `: ${message}` : ''}.`;
  }
}

/** The status and message of an error thrown by getBackendSrv(). */
export function fetchErrorStatus(err: unknown): { status?: number; message?: string } {
  const e = err as { status?: number; data?: { message?: string }; message?: string };
  return { status: e?.status, message: e?.data?.message ?? e?.message };
}
