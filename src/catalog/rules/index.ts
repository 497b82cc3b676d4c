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
import { wideEpAlerts } from './wideEp';

/** Fixed window of every rule's rate() (rules have no $__rate_interval). */
export const RULE_WINDOW = '5m';

export const DEFAULT_RULE_MAPPING: RoleMapping = findPreset(DEFAULT_ROLE_PRESET)!.mapping;

export function alertGroups(mapping: RoleMapping = DEFAULT_RULE_MAPPING): AlertGroupSpec[] {
  const ctx = ruleContext(mapping, RULE_WINDOW);
  return [
    { id: 'serving', name: 'llmd-serving-health', title: 'Serving health', rules: servingAlerts(ctx) },
    { id: 'pd', name: 'llmd-prefill-decode', title: 'Prefill/decode disaggregation', rules: pdAlerts(ctx) },
    { id: 'wideep', name: 'llmd-wide-ep', title: 'Wide expert parallelism', rules: wideEpAlerts(ctx) },
    { id: 'gpu', name: 'llmd-gpu', title: 'GPUs', rules: gpuAlerts(ctx) },
  ];
}

export const RECORDING_GROUP = 'llmd-recording';

export function recordingRuleSpecs(mapping: RoleMapping = DEFAULT_RULE_MAPPING): RecordingRuleSpec[] {
  const ctx = ruleContext(mapping, RULE_WINDOW);
  return [...recordingRules(ctx), ...routabilityRules(ctx)];
}

/** Names of the recorded series (default mapping), for pages that prefer them when present. */
export const RECORDED_SERIES: string[] = recordingRuleSpecs().map((r) => r.record);

export function allAlerts(mapping: RoleMapping = DEFAULT_RULE_MAPPING): AlertRuleSpec[] {
  return alertGroups(mapping).flatMap((g) => g.rules);
}

export type { AlertGroupSpec, AlertRuleSpec, RecordingRuleSpec } from './types';
