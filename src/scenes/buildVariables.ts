/**
 * Variable specs → scene variables.
 */
import { CustomVariable, DataSourceVariable, QueryVariable, SceneVariable, TextBoxVariable } from '@grafana/scenes';
import { VariableHide, VariableRefresh, VariableSort } from '@grafana/schema';
import { roleOptions, VariableSpec } from '../catalog/variableSpecs';
import { DATASOURCE_REF } from '../queries/variables';
import { NumberTextBoxVariable } from './NumberTextBoxVariable';

export const VARIABLE_QUERY_REF_ID = 'PrometheusVariableQueryEditor-VariableQuery';

export function buildVariables(specs: VariableSpec[]): SceneVariable[] {
  return specs.map(buildVariable);
}

export function buildVariable(spec: VariableSpec): SceneVariable {
  switch (spec.kind) {
    case 'datasource':
      return new DataSourceVariable({
        name: spec.name,
        label: spec.label,
        pluginId: spec.pluginId,
        ...(spec.defaultUid ? { value: spec.defaultUid } : {}),
      });
    case 'query':
      return new QueryVariable({
        name: spec.name,
        label: spec.label,
        datasource: { ...DATASOURCE_REF },
        query: { refId: VARIABLE_QUERY_REF_ID, query: spec.query },
        isMulti: spec.multi,
        includeAll: spec.includeAll,
        defaultToAll: spec.includeAll && !spec.startAtFirst,
        allValue: spec.allValue,
        ...(spec.regex ? { regex: spec.regex } : {}),
        refresh: VariableRefresh.onTimeRangeChanged,
        sort: spec.keepOrder ? VariableSort.disabled : VariableSort.alphabeticalAsc,
        noValueOnClear: true,
        ...(spec.hidden ? { hide: VariableHide.hideVariable } : {}),
      });
    case 'role':
      return new CustomVariable({
        name: spec.name,
        label: spec.label,
        valuesFormat: 'json',
        query: JSON.stringify(roleOptions(spec.mapping)),
        isMulti: true,
        includeAll: true,
        defaultToAll: true,
        allValue: '.*',
      });
    case 'textbox':
      if (spec.number) {
        return new NumberTextBoxVariable({ name: spec.name, label: spec.label, value: spec.value, description: spec.description, bounds: spec.number });
      }
      return new TextBoxVariable({ name: spec.name, label: spec.label, value: spec.value, description: spec.description });
  }
}
