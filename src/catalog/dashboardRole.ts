/**
 * The role mapping of the included dashboards. A dashboard cannot read the app's configuration, so the mapping
 * comes from two dashboard variables whose every option is written here, validated, and no free text:
 * - `role_label`: the Prometheus label that carries the role, one of the presets' label names;
 * - `role_affix`: how the role name sits in that label's value, the whole value or anywhere in it.
 * Roles are then found by their NAMES: prefill pods are those whose role label matches
 * `${role_affix}prefill${role_affix}`, and the `role` filter offers the names `prefill` and `decode`.
 * Users change the mapping by picking options (or, in the dashboard settings, by adding a label name to
 * `role_label`); they never paste a regex into a query string. The app's own pages keep the full mapping with
 * one regex per role from the app's configuration.
 */
import { Matcher, re } from '../queries/promql';
import { ref, VAR_ROLE } from '../queries/variables';
import { DEFAULT_ROLE_PRESET, findPreset, ROLE_PRESETS, RoleMapping } from '../settings/rolePresets';

export const VAR_ROLE_LABEL = 'role_label';
export const VAR_ROLE_AFFIX = 'role_affix';

export const ROLE_NAMES = ['prefill', 'decode'] as const;

/** `${role_affix}`, braced so the text after it cannot extend the name. */
const AFFIX = `\${${VAR_ROLE_AFFIX}}`;

/** The regex a role name becomes over the role label's values. */
const roleRegex = (name: string): string => `${AFFIX}${name}${AFFIX}`;

export const DASHBOARD_ROLE_MAPPING: RoleMapping = {
  label: ref(VAR_ROLE_LABEL),
  prefill: roleRegex('prefill'),
  decode: roleRegex('decode'),
};

/**
 * The `role` filter: the selected role names (the data source escapes them and joins several as `(a|b)`;
 * All is `.*`) placed where a role name sits in the role label's value.
 */
export const DASHBOARD_ROLE_FILTER: Matcher = re(ref(VAR_ROLE_LABEL), roleRegex(ref(VAR_ROLE)));

/** A Prometheus label name as the classic (non-UTF-8) grammar accepts it anywhere, `by (...)` included. */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface Choice {
  text: string;
  value: string;
}

/** Label names that carry the role in the presets, the llm-d label first (the default). */
export function roleLabelChoices(): Choice[] {
  const names = [...new Set(ROLE_PRESETS.map((p) => p.mapping.label))];
  for (const n of names) {
    if (!LABEL_NAME.test(n)) {
      throw new Error(`Role label ${JSON.stringify(n)} is not a Prometheus label name`);
    }
  }
  return names.map((n) => ({ text: n, value: n }));
}

/**
 * Where the role name sits in the label's value. `(?:)` is RE2's empty group: "nothing" around the name, so
 * the whole value must be the name. Neither value holds a character the data source escapes.
 */
export const ROLE_AFFIX_CHOICES: Choice[] = [
  { text: 'is the role name', value: '(?:)' },
  { text: 'contains the role name', value: '.*' },
];

/** Role names offered by the `role` filter. */
export function roleNameChoices(): Choice[] {
  return ROLE_NAMES.map((n) => ({ text: n, value: n }));
}

/**
 * A custom variable's `query` text, `text : value` pairs joined by commas, as Grafana parses it. Choices are
 * written here, so a comma or ` : ` inside one is a programming error, not user input.
 */
export function customQuery(choices: Choice[]): string {
  for (const c of choices) {
    if (/,|\s:\s/.test(c.text) || /,|\s:\s/.test(c.value)) {
      throw new Error(`Custom variable option ${JSON.stringify(c)} would split Grafana's option list`);
    }
  }
  return choices.map((c) => (c.text === c.value ? c.value : `${c.text} : ${c.value}`)).join(', ');
}

/**
 * The recording rules a dashboard's `$recorded` gate looks for: those generated for the default preset, used
 * while the dashboard's role variables are at their defaults, which select the same pods (role label of the
 * preset, value = role name). Another mapping reads raw series.
 */
export function dashboardRecordedGate(): {
  mapping: RoleMapping;
  conditions: Array<{ text: string; expected: string }>;
  allText: (m: Matcher) => string;
} {
  const mapping = findPreset(DEFAULT_ROLE_PRESET)!.mapping;
  if (mapping.prefill !== 'prefill' || mapping.decode !== 'decode' || roleLabelChoices()[0].value !== mapping.label) {
    throw new Error('The default role preset no longer matches the dashboards\' default role variables: revisit dashboardRecordedGate');
  }
  return {
    mapping,
    conditions: [
      { text: ref(VAR_ROLE_LABEL), expected: mapping.label },
      { text: AFFIX, expected: ROLE_AFFIX_CHOICES[0].value },
    ],
    // The role filter at All, with the default affix: `${role_affix}$role${role_affix}` becomes `(?:).*(?:)`.
    allText: (m) => (m === DASHBOARD_ROLE_FILTER ? roleRegex('.*').split(AFFIX).join(ROLE_AFFIX_CHOICES[0].value) : '.*'),
  };
}
