/**
 * The rule catalog: alert groups and recording rules for a role mapping. The default mapping is llm-d's
 * `llm_d_ai_role` label; deployments that carry the role elsewhere regenerate the files with
 * `scripts/generate-rules.ts --role-preset <id>`.
 */
import { ruleContext } from '../../queries/context';
import { DEFAULT_ROLE_PRESET, findPreset, RoleMapping } from '../../settings/rolePresets';
import { gpuAlerts } from './gpu';
import { pdAlerts } from './pd';
import { recordingRules } from './recording';
import { routabilityRules } from './routability';
import { servingAlerts } from './serving';
import { AlertGroupSpec, AlertRuleSpec, RecordingRuleSpec } from './types';
import { defaultRuleValues, RuleValues } from './values';
import { wideEpAlerts } from './wideEp';

/** Fixed window of every rule's rate() (rules have no $__rate_interval). */
export const RULE_WINDOW = '5m';

export const DEFAULT_RULE_MAPPING: RoleMapping = findPreset(DEFAULT_ROLE_PRESET)!.mapping;

/**
 * The alert groups for a role mapping and a set of values (thresholds, `for`, `keep_firing_for`; see
 * ./values.ts). Every alert takes its `for` and `keep_firing_for` from the values.
 */
export function alertGroups(mapping: RoleMapping = DEFAULT_RULE_MAPPING, values: RuleValues = defaultRuleValues()): AlertGroupSpec[] {
  const ctx = ruleContext(mapping, RULE_WINDOW);
  const v = values.alerts;
  const timed = (rules: AlertRuleSpec[]) =>
    rules.map((r) => {
      const own = v[r.name];
      if (!own) {
        throw new Error(`${r.name} has no entry in ALERT_DEFAULTS (src/catalog/rules/values.ts)`);
      }
      return { ...r, for: own.for, ...(own.keepFiringFor ? { keepFiringFor: own.keepFiringFor } : {}) };
    });
  return [
    { id: 'serving', name: 'llmd-serving-health', title: 'Serving health', rules: timed(servingAlerts(ctx, v)) },
    { id: 'pd', name: 'llmd-prefill-decode', title: 'Prefill/decode disaggregation', rules: timed(pdAlerts(ctx, v)) },
    { id: 'wideep', name: 'llmd-wide-ep', title: 'Wide expert parallelism', rules: timed(wideEpAlerts(ctx, v)) },
    { id: 'gpu', name: 'llmd-gpu', title: 'GPUs', rules: timed(gpuAlerts(ctx, v)) },
  ];
}

export const RECORDING_GROUP = 'llmd-recording';

export function recordingRuleSpecs(mapping: RoleMapping = DEFAULT_RULE_MAPPING): RecordingRuleSpec[] {
  const ctx = ruleContext(mapping, RULE_WINDOW);
  return [...recordingRules(ctx), ...routabilityRules(ctx)];
}

export function allAlerts(mapping: RoleMapping = DEFAULT_RULE_MAPPING, values?: RuleValues): AlertRuleSpec[] {
  return alertGroups(mapping, values).flatMap((g) => g.rules);
}

export type { AlertGroupSpec, AlertRuleSpec, RecordingRuleSpec } from './types';
