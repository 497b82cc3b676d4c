/**
 * What the Alerts page asks of Grafana, in one object: rule state from Prometheus and from Grafana, and
 * Install (folder, then rule). Built on a GrafanaHttp so tests run it against a fake of Grafana's handlers.
 */
import { GRAFANA_FOLDER_TITLE, GRAFANA_FOLDER_UID, grafanaApiRule } from '../../generation/grafanaFormat';
import { AlertRuleSpec } from '../../catalog/rules/types';
import { installRule, InstallOutcome } from './alertRules';
import { ensureFolder } from './folders';
import { backendSrvHttp, GrafanaHttp } from './http';
import { AlertsData, Read, readGrafanaRules, readPrometheusRules, RulesData } from './ruleStatus';

export interface AlertsClient {
  prometheusRules(datasourceUid: string): Promise<Read<{ rules: RulesData; alerts: AlertsData }>>;
  grafanaRules(): Promise<Read<RulesData>>;
  install(rule: AlertRuleSpec, groupName: string, datasourceUid: string): Promise<InstallOutcome>;
}

export function alertsClient(http: GrafanaHttp = backendSrvHttp()): AlertsClient {
  return {
    prometheusRules: (datasourceUid) => readPrometheusRules(http, datasourceUid),
    grafanaRules: () => readGrafanaRules(http),
    async install(rule, groupName, datasourceUid) {
      const folder = await ensureFolder(http, GRAFANA_FOLDER_UID, GRAFANA_FOLDER_TITLE);
      if (!folder.ok) {
        return { kind: 'failed', status: 0, message: folder.message };
      }
      return installRule(http, grafanaApiRule(rule, groupName, datasourceUid, folder.uid));
    },
  };
}
