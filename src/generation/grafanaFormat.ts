/**
 * The catalog as Grafana-managed alert rules: file provisioning for the compose stack, and the body the Alerts
 * page POSTs to Grafana's alerting provisioning API. Query A is the rule's PromQL, which returns series only
 * where the condition holds; expression C (`is_number($A)`) turns each into 1, so any series fires, whatever
 * its value (a `< threshold` condition may well return 0).
 */
import { print } from '../queries/promql';
import { annotations, scaleDuration } from './prometheusFormat';
import { AlertGroupSpec, AlertRuleSpec } from '../catalog/rules/types';

export const GRAFANA_FOLDER_TITLE = 'llm-d fleet';
/**
 * Folders and dashboards share one uid space in Grafana, so this must differ from every included dashboard's
 * uid (`llmd-fleet-<route>`) as well as from the rule uids; src/api/grafana/__tests__/uids.test.ts checks it.
 */
export const GRAFANA_FOLDER_UID = 'llmd-rules-folder';

/** The label on every rule the Alerts page installs, so the app (and people) can tell its rules apart. */
export const MANAGED_LABEL = { name: 'llmd_fleet_managed', value: 'true' } as const;
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
        model: { refId: 'A', expr: print(rule.expr), instant: true, datasource: { type: 'prometheus', uid: datasourceUid } },
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

/** Body of POST /api/v1/provisioning/alert-rules (and of PUT …/{uid}): the rule, labelled as the app's. */
export function grafanaApiRule(rule: AlertRuleSpec, groupName: string, datasourceUid: string, folderUID: string) {
  const base = grafanaRule(rule, datasourceUid);
  return {
    ...base,
    labels: { ...base.labels, [MANAGED_LABEL.name]: MANAGED_LABEL.value },
    orgID: 1,
    folderUID,
    ruleGroup: groupName,
  };
}

export type GrafanaApiRule = ReturnType<typeof grafanaApiRule>;
