/**
 * Names of the template variables the pages and dashboards share. Queries refer to them as `$name`;
 * Grafana's Prometheus data source escapes multi-value selections for regex matchers.
 */
export const VAR_DATASOURCE = 'datasource';
export const VAR_MODEL = 'model';
export const VAR_NAMESPACE = 'namespace';
export const VAR_ROLE = 'role';
export const VAR_POD = 'pod';
export const VAR_ENGINE = 'engine';
export const VAR_LAYER = 'layer';
export const VAR_HOSTNAME = 'hostname';
export const VAR_SLO_TTFT = 'slo_ttft';
export const VAR_SLO_ITL = 'slo_itl';

export const ref = (name: string): string => `$${name}`;

/** `${role:pipe}`: role options are regexes already escaped for a PromQL string, joined as alternatives. */
export const ROLE_FILTER_VALUE = `\${${VAR_ROLE}:pipe}`;

/** The datasource reference every query runner uses. */
export const DATASOURCE_REF = { type: 'prometheus', uid: `\${${VAR_DATASOURCE}}` };

/** The filter variables a vLLM-engine page may offer, in the order they narrow. */
export type FilterVariable = 'model' | 'namespace' | 'role' | 'pod' | 'engine';
