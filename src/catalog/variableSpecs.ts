/**
 * The template variables of a page, described once and rendered both as scene variables (app) and as
 * dashboard variables (generated dashboards).
 */
import { RoleMapping } from '../settings/rolePresets';
import { print, selector, Matcher } from '../queries/promql';
import { filterMatcher } from '../queries/context';
import {
  FilterVariable,
  VAR_DATASOURCE,
  VAR_ENGINE,
  VAR_MODEL,
  VAR_NAMESPACE,
  VAR_POD,
  VAR_ROLE,
} from '../queries/variables';
import { PageSpec } from './panelSpec';

/** The metric every vLLM engine exports in every version: the source of filter values. */
export const ENGINE_PRESENCE_METRIC = 'vllm:num_requests_running';

export type VariableSpec =
  | { kind: 'datasource'; name: string; label: string; pluginId: string; defaultUid?: string }
  | {
      kind: 'query';
      name: string;
      label: string;
      query: string;
      multi: boolean;
      includeAll: boolean;
      allValue?: string;
    }
  | { kind: 'role'; name: string; label: string; mapping: RoleMapping }
  | { kind: 'textbox'; name: string; label: string; value: string; description: string };

const FILTER_ORDER: FilterVariable[] = ['namespace', 'model', 'role', 'pod', 'engine'];

const FILTER_LABELS: Record<Exclude<FilterVariable, 'role'>, { name: string; label: string; target: string }> = {
  namespace: { name: VAR_NAMESPACE, label: 'Namespace', target: 'namespace' },
  model: { name: VAR_MODEL, label: 'Model', target: 'model_name' },
  pod: { name: VAR_POD, label: 'Pod', target: 'pod' },
  engine: { name: VAR_ENGINE, label: 'Engine (DP rank)', target: 'engine' },
};

/** `label_values(vllm:num_requests_running{<filters before this one>}, <label>)`. */
export function labelValuesQuery(target: string, before: Matcher[]): string {
  return `label_values(${print(selector(ENGINE_PRESENCE_METRIC, before))}, ${target})`;
}

/** Variables of a page: data source first, then its filters, each narrowed by the ones before it. */
export function pageVariables(page: PageSpec, role: RoleMapping, defaultDatasourceUid?: string): VariableSpec[] {
  const vars: VariableSpec[] = [
    { kind: 'datasource', name: VAR_DATASOURCE, label: 'Data source', pluginId: 'prometheus', defaultUid: defaultDatasourceUid },
  ];
  const before: Matcher[] = [];
  for (const f of FILTER_ORDER.filter((f) => page.filters.includes(f))) {
    if (f === 'role') {
      vars.push({ kind: 'role', name: VAR_ROLE, label: 'Role', mapping: role });
    } else {
      const l = FILTER_LABELS[f];
      vars.push({
        kind: 'query',
        name: l.name,
        label: l.label,
        query: labelValuesQuery(l.target, before),
        multi: true,
        includeAll: true,
        allValue: '.*',
      });
    }
    before.push(filterMatcher(f, role));
  }
  return vars;
}

/** Role options: label = role name, value = its regex escaped for a PromQL string. */
export function roleOptions(mapping: RoleMapping): Array<{ text: string; value: string }> {
  const escape = (regex: string) => JSON.stringify(regex).slice(1, -1);
  return [
    { text: 'prefill', value: escape(mapping.prefill) },
    { text: 'decode', value: escape(mapping.decode) },
  ];
}

