/**
 * The catalog as Grafana-managed alert rules: file provisioning for the compose stack, and the body the Alerts
 * page POSTs to Grafana's alerting provisioning API. Query A is the rule's PromQL, which returns series only
 * where the condition holds; expression C (`is_number($A)`) turns each into 1, so any series fires, whatever
 * its value (a `< threshold` condition may well return 0).
 */
import { scaleDuration } from './prometheusFormat';
import { annotations } from './prometheusFormat';
import { AlertGroupSpec, AlertRuleSpec } from './types';

export const GRAFANA_FOLDER_TITLE = 'llm-d fleet';
export const GRAFANA_FOLDER_UID = 'llmd-fleet-alerts';
export const GRAFANA_EVAL_INTERVAL = '1m';

/** A stable uid (Grafana allows 40 characters). */
export function grafanaRuleUid(rule: AlertRuleSpec): string {
  return `llmd-${rule.name.toLowerCase()}`.slice(0, 40);
}

/** The rule fields both the provisioning file and the provisioning API take. */
export function grafanaRule(rule: AlertRuleSpec, datasourceUid: string) {
  return {
    uid: grafanaRuleUid(rule),
    title: rule.name,
    condition: 'C',
    data: [
      {
        refId: 'A',
        relativeTimeRange: { from: 900, to: 0 },
        datasourceUid,
        model: { refId: 'A', expr: rule.expr, instant: true, datasource: { type: 'prometheus', uid: datasourceUid } },
      },
      {
        refId: 'C',
        relativeTimeRange: { from: 0, to: 0 },
        datasourceUid: '__expr__',
        model: { refId: 'C', type: 'math', expression: 'is_number($A)', datasource: { type: '__expr__', uid: '__expr__' } },
      },
    ],
    noDataState: 'OK',
    execErrState: 'Error',
    for: scaleDuration(rule.for),
    labels: { severity: rule.severity },
    annotations: annotations(rule),
  };
}

/** The provisioning file (provisioning/alerting/*.yaml) of every group. */
export function grafanaProvisioning(groups: AlertGroupSpec[], datasourceUid: string) {
  return {
    apiVersion: 1,
    groups: groups.map((g) => ({
      orgId: 1,
      name: g.name,
      folder: GRAFANA_FOLDER_TITLE,
      interval: GRAFANA_EVAL_INTERVAL,
      rules: g.rules.map((r) => grafanaRule(r, datasourceUid)),
    })),
  };
}

/** Body of POST /api/v1/provisioning/alert-rules. */
export function grafanaApiRule(rule: AlertRuleSpec, groupName: string, datasourceUid: string, folderUID: string) {
  return { ...grafanaRule(rule, datasourceUid), orgID: 1, folderUID, ruleGroup: groupName };
}
