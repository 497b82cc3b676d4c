/**
 * Installing one alert rule through Grafana's alerting provisioning API, and saying truthfully what happened.
 *
 * Grafana's handlers (grafana/grafana pkg/services/ngalert/api/api_provisioning.go at
 * 003dc7763721f09c7daa6001e39be89ddcbfc2a5), as the fake in __tests__/fakeGrafana.ts models them:
 * - POST /api/v1/provisioning/alert-rules → 201 with the rule. A rule uid already taken → 409 (the store turns
 *   the unique-key violation into errutil.Conflict "… rule UID under the same organisation should be unique",
 *   pkg/services/ngalert/store/alert_rule.go ruleConstraintViolationToErr, pkg/services/ngalert/models/errors.go
 *   at 42c5b7ea3f7607335c3381e7f554b0e04ac4ed02). Same title in the same folder under another uid → 400
 *   (ErrAlertRuleUniqueConstraintViolation). So a 409 says only that the uid exists, not what it holds.
 * - GET /api/v1/provisioning/alert-rules/{UID} → 200 with the stored rule, 404 (empty body) when absent.
 * - PUT /api/v1/provisioning/alert-rules/{UID} → 200 with the rule, 404 when absent.
 * - The `X-Disable-Provenance` header (any value) stores the rule without provenance, so people can still edit
 *   it in Grafana's UI (determineProvenance in the same file).
 */
import { GrafanaApiRule } from '../../generation/grafanaFormat';
import { GrafanaHttp, messageOf } from './http';
import { PROVISIONING_RULES_PATH, provisioningRulePath } from './paths';
import { ruleDifferences } from './ruleDiff';

export const DISABLE_PROVENANCE = { 'X-Disable-Provenance': 'true' };

export type InstallOutcome =
  | { kind: 'created' }
  | { kind: 'unchanged' }
  | { kind: 'updated'; fields: string[] }
  | { kind: 'failed'; status: number; message: string };

export async function installRule(http: GrafanaHttp, rule: GrafanaApiRule): Promise<InstallOutcome> {
  const created = await http.request('POST', PROVISIONING_RULES_PATH, rule, DISABLE_PROVENANCE);
  if (created.status === 201 || created.status === 200) {
    return { kind: 'created' };
  }
  if (created.status !== 409) {
    return failed('create', created.status, messageOf(created.data));
  }
  // The uid exists: read what Grafana holds before saying anything about it.
  const existing = await http.request('GET', provisioningRulePath(rule.uid));
  if (existing.status !== 200) {
    return failed('read', existing.status, messageOf(existing.data));
  }
  const fields = ruleDifferences(rule, existing.data);
  if (fields.length === 0) {
    return { kind: 'unchanged' };
  }
  const updated = await http.request('PUT', provisioningRulePath(rule.uid), rule, DISABLE_PROVENANCE);
  if (updated.status === 200) {
    return { kind: 'updated', fields };
  }
  return failed('update', updated.status, messageOf(updated.data));
}

function failed(step: 'create' | 'read' | 'update', status: number, message?: string): InstallOutcome {
  return { kind: 'failed', status, message: failureText(step, status, message) };
}

function failureText(step: 'create' | 'read' | 'update', status: number, message?: string): string {
  const detail = message ? ` Grafana: ${message}` : '';
  switch (status) {
    case 0:
      return `Grafana did not answer${message ? ` (${message})` : ''}.`;
    case 401:
    case 403:
      return `Grafana refused to ${step} the rule: installing alert rules needs the Editor role (alert rule create with provenance write) or the alerting provisioning writer role.${detail}`;
    case 404:
      return step === 'create'
        ? 'Grafana alerting is not available here (the provisioning API answered 404): enable unified alerting, or install the rule files in Prometheus instead.'
        : `The rule disappeared while it was being ${step === 'read' ? 'read' : 'updated'} (HTTP 404); press Install again.`;
    case 400:
      return `Grafana rejected the rule (HTTP 400): a rule with this title may already exist in the folder under another uid.${detail}`;
    default:
      return `Could not ${step} the rule (HTTP ${status}).${detail}`;
  }
}

/** The line the Alerts page shows after Install. */
export function outcomeText(outcome: InstallOutcome): string {
  switch (outcome.kind) {
    case 'created':
      return 'Installed as a Grafana-managed rule.';
    case 'unchanged':
      return 'Already installed in Grafana, identical to this template.';
    case 'updated':
      return `Updated the Grafana-managed rule (${outcome.fields.join(', ')} changed).`;
    case 'failed':
      return `Not installed. ${outcome.message}`;
  }
}
