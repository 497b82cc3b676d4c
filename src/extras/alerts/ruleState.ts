/**
 * Pure helpers of the Alerts page: each template's state in Prometheus (merged from its rules and alerts APIs)
 * and in Grafana (Grafana-managed rules), and the templates grouped for display.
 */
import { AlertsData, RulesData } from '../../api/grafana/ruleStatus';
import { AlertGroupSpec, AlertRuleSpec } from '../../catalog/rules/types';

export type TemplateState = 'firing' | 'pending' | 'inactive' | 'not loaded';

const RANK: Record<TemplateState, number> = { 'not loaded': 0, inactive: 1, pending: 2, firing: 3 };

/**
 * State per alert name: "not loaded" unless Prometheus has an alerting rule of that name; then the worst
 * state of its active alerts (firing over pending), inactive when it has none.
 */
export function mergeStates(names: string[], rules: RulesData, alerts: AlertsData): Record<string, TemplateState> {
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

/**
 * State per alert name among Grafana-managed rules: the rule's own state when a group of the app's (by group
 * name) has an alerting rule of that title, "not loaded" otherwise.
 */
export function grafanaStates(names: string[], groupNames: string[], rules: RulesData): Record<string, TemplateState> {
  const ours = new Set(groupNames);
  const found = new Map<string, TemplateState>();
  for (const g of rules.groups) {
    if (!g.name || !ours.has(g.name)) {
      continue;
    }
    for (const r of g.rules) {
      if (r.type !== 'alerting') {
        continue;
      }
      const state: TemplateState = r.state === 'firing' ? 'firing' : r.state === 'pending' ? 'pending' : 'inactive';
      const prev = found.get(r.name);
      if (!prev || RANK[state] > RANK[prev]) {
        found.set(r.name, state);
      }
    }
  }
  return Object.fromEntries(names.map((n) => [n, found.get(n) ?? 'not loaded']));
}

export interface TemplateRow {
  group: string;
  rule: AlertRuleSpec;
  state: TemplateState | 'unknown';
  grafanaState: TemplateState | 'unknown';
}

/** Rows by group, critical first within a group, in catalog order otherwise. */
export function templateRows(
  groups: AlertGroupSpec[],
  states?: Record<string, TemplateState>,
  grafana?: Record<string, TemplateState>
): Array<{ title: string; rows: TemplateRow[] }> {
  return groups.map((g) => ({
    title: g.title,
    rows: [...g.rules]
      .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1))
      .map((rule) => ({ group: g.name, rule, state: states?.[rule.name] ?? 'unknown', grafanaState: grafana?.[rule.name] ?? 'unknown' })),
  }));
}
