/**
 * promtool unit tests for every alert: one case where it fires, with its labels and rendered annotations, and
 * one where it stays silent. Inputs come from each rule's fixtures (series shaped like the simulator's pods).
 */
import { durationSeconds, annotations } from './prometheusFormat';
import { AlertGroupSpec, AlertRuleSpec } from '../catalog/rules/types';

/** Renders the `{{ $labels.x }}` placeholders the templates use, as Prometheus would. */
export function renderTemplate(text: string, labels: Record<string, string>): string {
  return text.replace(/\{\{\s*\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, l: string) => labels[l] ?? '');
}

/** Minutes after the first sample at which a case is evaluated: past the longest window and the `for` (a `for` over an hour needs longer fixtures). */
export function evalMinutes(rule: AlertRuleSpec): number {
  return Math.ceil(durationSeconds(rule.for) / 60) + 16;
}

function cases(rule: AlertRuleSpec, runbookBaseUrl?: string) {
  const evalTime = `${evalMinutes(rule)}m`;
  const ann = annotations(rule, runbookBaseUrl);
  const expAnnotations = Object.fromEntries(Object.entries(ann).map(([k, v]) => [k, renderTemplate(v, rule.test.labels)]));
  return [
    {
      name: `${rule.name} fires`,
      interval: '1m',
      input_series: rule.test.firing,
      alert_rule_test: [
        {
          eval_time: evalTime,
          alertname: rule.name,
          exp_alerts: [{ exp_labels: { ...rule.test.labels, severity: rule.severity }, exp_annotations: expAnnotations }],
        },
      ],
    },
    {
      name: `${rule.name} stays silent`,
      interval: '1m',
      input_series: rule.test.silent,
      alert_rule_test: [{ eval_time: evalTime, alertname: rule.name, exp_alerts: [] }],
    },
    ...(rule.test.lowVolume
      ? [
          {
            name: `${rule.name} stays silent below the minimum volume`,
            interval: '1m',
            input_series: rule.test.lowVolume,
            alert_rule_test: [{ eval_time: evalTime, alertname: rule.name, exp_alerts: [] }],
          },
        ]
      : []),
  ];
}

/** The promtool test document of one group; `ruleFile` is relative to the test file's folder. */
export function promtoolTestDoc(group: AlertGroupSpec, ruleFile: string, runbookBaseUrl?: string) {
  return {
    rule_files: [ruleFile],
    evaluation_interval: '1m',
    tests: group.rules.flatMap((r) => cases(r, runbookBaseUrl)),
  };
}
