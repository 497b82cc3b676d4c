/**
 * Reading rule state: Prometheus' own rules and alerts APIs through Grafana's data source proxy, and
 * Grafana-managed rules from GET /api/prometheus/grafana/api/v1/rules, which answers in the Prometheus rules
 * shape with each rule's `state` ("firing" | "pending" | "inactive") and `health` (grafana/grafana
 * pkg/services/ngalert/api/tooling/definitions/prom.go at 05318dcca2a195ad2a4f975d34288c051d6cfd89).
 */
import { GrafanaHttp, messageOf } from './http';
import { datasourceProxyPath, GRAFANA_RULES_STATUS_PATH } from './paths';

export interface RuleEntry {
  type: string;
  name: string;
  state?: string;
  health?: string;
}
export interface RulesData {
  groups: Array<{ name?: string; rules: RuleEntry[] }>;
}
export interface AlertsData {
  alerts: Array<{ labels: Record<string, string>; state: string }>;
}

export type Read<T> = { ok: true; data: T } | { ok: false; message: string };

async function readApi<T>(http: GrafanaHttp, url: string, what: string): Promise<Read<T>> {
  const res = await http.request<{ data?: T }>('GET', url);
  if (res.status === 200 && res.data?.data) {
    return { ok: true, data: res.data.data };
  }
  const message = messageOf(res.data);
  if (res.status === 0) {
    return { ok: false, message: `Could not read ${what}: no answer${message ? ` (${message})` : ''}.` };
  }
  if (res.status === 200) {
    return { ok: false, message: `Could not read ${what}: the answer has no data.` };
  }
  return { ok: false, message: `Could not read ${what} (HTTP ${res.status})${message ? `: ${message}` : ''}.` };
}

export async function readPrometheusRules(http: GrafanaHttp, datasourceUid: string): Promise<Read<{ rules: RulesData; alerts: AlertsData }>> {
  const [rules, alerts] = await Promise.all([
    readApi<RulesData>(http, datasourceProxyPath(datasourceUid, '/api/v1/rules'), 'rule state from Prometheus'),
    readApi<AlertsData>(http, datasourceProxyPath(datasourceUid, '/api/v1/alerts'), 'alerts from Prometheus'),
  ]);
  if (!rules.ok) {
    return rules;
  }
  if (!alerts.ok) {
    return alerts;
  }
  return { ok: true, data: { rules: rules.data, alerts: alerts.data } };
}

export function readGrafanaRules(http: GrafanaHttp): Promise<Read<RulesData>> {
  return readApi<RulesData>(http, GRAFANA_RULES_STATUS_PATH, 'Grafana-managed rule state');
}
