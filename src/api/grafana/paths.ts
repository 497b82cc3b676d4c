/**
 * Paths of the Grafana APIs the app calls. Every uid goes through encodeURIComponent: a data source uid is
 * whatever its creator typed, and an unencoded `/`, `?` or `#` would send the request somewhere else.
 */
const seg = encodeURIComponent;

export const FOLDERS_PATH = '/api/folders';
export const folderPath = (uid: string) => `${FOLDERS_PATH}/${seg(uid)}`;

export const PROVISIONING_RULES_PATH = '/api/v1/provisioning/alert-rules';
export const provisioningRulePath = (uid: string) => `${PROVISIONING_RULES_PATH}/${seg(uid)}`;

/** Grafana-managed rules in the Prometheus rules API shape. */
export const GRAFANA_RULES_STATUS_PATH = '/api/prometheus/grafana/api/v1/rules';

/** A Prometheus data source's own API through Grafana's data source proxy. */
export const datasourceProxyPath = (datasourceUid: string, apiPath: string) =>
  `/api/datasources/proxy/uid/${seg(datasourceUid)}${apiPath}`;

/** An app plugin's stored settings (enabled, pinned, jsonData). */
export const pluginSettingsPath = (pluginId: string) => `/api/plugins/${seg(pluginId)}/settings`;
