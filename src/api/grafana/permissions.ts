/**
 * What the signed-in user may do with Grafana alerting, through @grafana/runtime's `hasPermission` (it reads the
 * permissions Grafana puts in its boot data). `hasPermission` keeps one signature from Grafana 12.3 to 13.1, where
 * the type of `config` itself changed (levitate flags any use of it: scripts/check-compat.sh).
 *
 * Grafana's rule for POST /api/v1/provisioning/alert-rules, in grafana/grafana
 * pkg/services/ngalert/api/authorization.go (stored version, content id 222702188): any of
 * `alert.provisioning:write`, `alert.rules.provisioning:write`, or both `alert.rules:create` and
 * `alert.provisioning.provenance:write` (a fixed role Grafana grants Editors and Admins, pkg/services/ngalert/
 * accesscontrol.go, content id 678461633). Action names: pkg/services/accesscontrol/models.go (content id 1735471).
 * Older Grafana (authorization.go at 01b1f535cf41940561256c90d7f4ba563d83ae01) took `alert.provisioning:write` only.
 * GET /api/prometheus/grafana/api/v1/rules needs `alert.rules:read` (same file, both versions).
 */
import { hasPermission } from '@grafana/runtime';

export type Permissions = Record<string, boolean> | undefined;

export const ACTION_PROVISIONING_WRITE = 'alert.provisioning:write';
export const ACTION_RULES_PROVISIONING_WRITE = 'alert.rules.provisioning:write';
export const ACTION_RULE_CREATE = 'alert.rules:create';
export const ACTION_PROVENANCE_WRITE = 'alert.provisioning.provenance:write';
export const ACTION_RULE_READ = 'alert.rules:read';
export const ACTION_FOLDERS_CREATE = 'folders:create';

/** Any one of these sets lets a user POST (and, with update for create, PUT) provisioned alert rules. */
export const INSTALL_PERMISSION_SETS: string[][] = [
  [ACTION_PROVISIONING_WRITE],
  [ACTION_RULES_PROVISIONING_WRITE],
  [ACTION_RULE_CREATE, ACTION_PROVENANCE_WRITE],
];

export function canInstallRules(permissions: Permissions): boolean {
  return INSTALL_PERMISSION_SETS.some((set) => set.every((action) => Boolean(permissions?.[action])));
}

export function canReadGrafanaRules(permissions: Permissions): boolean {
  return Boolean(permissions?.[ACTION_RULE_READ]);
}

const ACTIONS = [
  ACTION_PROVISIONING_WRITE,
  ACTION_RULES_PROVISIONING_WRITE,
  ACTION_RULE_CREATE,
  ACTION_PROVENANCE_WRITE,
  ACTION_RULE_READ,
  ACTION_FOLDERS_CREATE,
];

/**
 * The signed-in user's permissions for the actions above. Outside a started Grafana there is no current user
 * (13.x's hasPermission throws "User can only be used after Grafana instance has started"): no permissions then.
 */
export function currentPermissions(): Permissions {
  try {
    return Object.fromEntries(ACTIONS.map((action) => [action, hasPermission(action)]));
  } catch {
    return undefined;
  }
}
