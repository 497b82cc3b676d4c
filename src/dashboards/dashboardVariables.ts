/**
 * Variable specs as the included dashboards' variables. Every value that can reach a query is either escaped by
 * the Prometheus data source (query variables) or one of a list written here (custom variables without custom
 * values): see "Variables in the included dashboards" in docs/architecture.md.
 */
import * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  Choice,
  customQuery,
  ROLE_AFFIX_CHOICES,
  roleLabelChoices,
  roleNameChoices,
  VAR_ROLE_AFFIX,
  VAR_ROLE_LABEL,
} from '../catalog/dashboardRole';
import { VariableSpec } from '../catalog/variableSpecs';
import { DATASOURCE_REF } from '../queries/variables';

const ALL = '$__all';

/**
 * Label values that hold a double quote or a line break cannot be written into a PromQL string by Grafana's
 * default escaping (it escapes neither), so a value filter leaves them out of the options; "All" still covers
 * them. Variables with their own capture regex already exclude quotes.
 */
export const SAFE_LABEL_VALUE_REGEX = '/^([^"\\n]*)$/';

/** A fixed-choice variable: no free text, so every value that can reach a query is one written here. */
function choiceVariable(name: string, label: string, choices: Choice[], current: Choice, description: string) {
  return new dashboard.CustomVariableBuilder(name)
    .label(label)
    .description(description)
    .values(customQuery(choices))
    .current({ text: current.text, value: current.value })
    .multi(false)
    .includeAll(false)
    .allowCustomValue(false);
}

/** The two variables of the role mapping (see catalog/dashboardRole.ts), for dashboards whose queries use it. */
export function roleMappingBuilders(): Array<cog.Builder<dashboard.VariableModel>> {
  const labels = roleLabelChoices();
  return [
    choiceVariable(
      VAR_ROLE_LABEL,
      'Role label',
      labels,
      labels[0],
      'The Prometheus label that tells a pod\'s P/D role (llm-d: llm_d_ai_role; KServe: llm_isvc_role; or job, pod). ' +
        'Add another label name to this list in the dashboard settings if yours differs.'
    ),
    choiceVariable(
      VAR_ROLE_AFFIX,
      'Role in label',
      ROLE_AFFIX_CHOICES,
      ROLE_AFFIX_CHOICES[0],
      'Whether the role label\'s value is the role name (prefill, decode) or contains it (vllm-prefill, ds-decode-0).'
    ),
  ];
}

export function variableBuilders(spec: VariableSpec): Array<cog.Builder<dashboard.VariableModel>> {
  switch (spec.kind) {
    case 'datasource':
      return [new dashboard.DatasourceVariableBuilder(spec.name).label(spec.label).type(spec.pluginId)];
    case 'query': {
      const v = new dashboard.QueryVariableBuilder(spec.name)
        .label(spec.label)
        .datasource(DATASOURCE_REF)
        .query(spec.query)
        .definition(spec.query)
        .multi(spec.multi)
        .includeAll(spec.includeAll)
        .allowCustomValue(false)
        .regex(spec.regex ?? SAFE_LABEL_VALUE_REGEX)
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .sort(spec.keepOrder ? dashboard.VariableSort.Disabled : dashboard.VariableSort.AlphabeticalAsc);
      if (spec.hidden) {
        v.hide(dashboard.VariableHide.HideVariable);
      }
      // Without a current value Grafana selects the first option.
      if (spec.includeAll && !spec.startAtFirst) {
        v.current(spec.multi ? { text: ['All'], value: [ALL] } : { text: 'All', value: ALL });
      }
      if (spec.allValue !== undefined) {
        v.allValue(spec.allValue);
      }
      return [v];
    }
    case 'role':
      // Role names, not regexes: the mapping variables place the name in the role label's value.
      return [
        new dashboard.CustomVariableBuilder(spec.name)
          .label(spec.label)
          .values(customQuery(roleNameChoices()))
          .current({ text: ['All'], value: [ALL] })
          .multi(true)
          .includeAll(true)
          .allValue('.*')
          .allowCustomValue(false),
      ];
    case 'textbox':
      if (spec.choices) {
        const choices = spec.choices.map((c) => ({ text: c, value: c }));
        const current = choices.find((c) => c.value === spec.value) ?? choices[0];
        return [choiceVariable(spec.name, spec.label, choices, current, spec.description)];
      }
      return [new dashboard.TextBoxVariableBuilder(spec.name).label(spec.label).description(spec.description).defaultValue(spec.value)];
    default: {
      const unknown = spec as { kind: string };
      throw new Error(`No dashboard variable for kind ${unknown.kind}`);
    }
  }
}

/** Whether any text of the dashboard names a role mapping variable. */
export const usesRoleMapping = (text: string): boolean => new RegExp(`\\$(\\{)?(${VAR_ROLE_LABEL}|${VAR_ROLE_AFFIX})\\b`).test(text);
