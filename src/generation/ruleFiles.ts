/**
 * Every generated file of the rule catalog, as (repository path, text): the Prometheus rule files, their
 * promtool tests, the Grafana provisioning file, the Kubernetes manifests and the runbook. Pure: inputs that
 * live in the repository (the data source uid, the dashboards) are passed in.
 */
import { RoleMapping } from '../settings/rolePresets';
import { dashboardConfigMap, eppPodMonitor, kustomization, podMonitor, prometheusRule } from './kubernetes';
import { alertGroups, DEFAULT_RULE_MAPPING, RECORDING_GROUP, recordingRuleSpecs } from '../catalog/rules/index';
import { grafanaProvisioning } from './grafanaFormat';
import { alertRuleFile, PrometheusRuleOptions, recordingRuleFile, toYaml, GENERATED_HEADER } from './prometheusFormat';
import { promtoolTestDoc } from './promtoolTests';
import { recordedPromtoolTests } from './recordedTests';
import { routabilityPromtoolTests } from '../catalog/rules/routability';
import { runbookMarkdown } from './runbookDoc';
import { defaultRuleValues, RuleValues } from '../catalog/rules/values';
import { valuesYaml, withValuesTable } from './valuesDoc';

export const PROM_RULES_DIR = 'deploy/prometheus/rules';
export const PROMTOOL_TESTS_DIR = 'tests/rules';
export const K8S_DIR = 'deploy/kubernetes';
export const GRAFANA_ALERTING_FILE = 'provisioning/alerting/llmd-fleet.yaml';
export const RUNBOOK_FILE = 'docs/runbooks.md';
export const ALERTS_DOC = 'docs/alerts.md';
export const VALUES_FILE = 'deploy/rule-values.yaml';

export interface GeneratedFile {
  path: string;
  text: string;
}

export interface RuleFilesInput extends PrometheusRuleOptions {
  mapping?: RoleMapping;
  /** Thresholds, durations, runbook base URL and Kubernetes placement (./values.ts); defaults when absent. */
  values?: RuleValues;
  datasourceUid: string;
  /** src/dashboards/*.json: file name and text. */
  dashboards?: Array<{ name: string; json: string }>;
  /** docs/alerts.md as it is: its values table is regenerated, the rest kept. */
  alertsDoc?: string;
}

/** The Prometheus rule files alone (what Prometheus loads), e.g. with `for` scaled for the end-to-end test. */
export function prometheusRuleFiles(opts: PrometheusRuleOptions & { mapping?: RoleMapping; values?: RuleValues } = {}): GeneratedFile[] {
  const mapping = opts.mapping ?? DEFAULT_RULE_MAPPING;
  const values = opts.values ?? defaultRuleValues();
  const format = { ...opts, runbookBaseUrl: opts.runbookBaseUrl ?? values.runbookBaseUrl };
  return [
    { path: `${PROM_RULES_DIR}/${RECORDING_GROUP}.yml`, text: recordingRuleFile(RECORDING_GROUP, recordingRuleSpecs(mapping)) },
    ...alertGroups(mapping, values).map((g) => ({ path: `${PROM_RULES_DIR}/${g.name}.yml`, text: alertRuleFile(g, format) })),
  ];
}

export function ruleFiles(input: RuleFilesInput): GeneratedFile[] {
  const mapping = input.mapping ?? DEFAULT_RULE_MAPPING;
  const values = input.values ?? defaultRuleValues();
  const runbookBaseUrl = input.runbookBaseUrl ?? values.runbookBaseUrl;
  const k = values.kubernetes;
  const groups = alertGroups(mapping, values);
  const recording = recordingRuleSpecs(mapping);
  const dashboards = input.dashboards ?? [];
  const dashboardFiles = dashboards.map((d) => ({
    path: `${K8S_DIR}/dashboards/${d.name.replace(/\.json$/, '.yaml')}`,
    text: toYaml(dashboardConfigMap(d.name, d.json), GENERATED_HEADER),
  }));
  const k8s = [
    {
      path: `${K8S_DIR}/prometheus-rule.yaml`,
      text: toYaml(prometheusRule(groups, RECORDING_GROUP, recording, k, { runbookBaseUrl }), GENERATED_HEADER),
    },
    { path: `${K8S_DIR}/podmonitor-prefill.yaml`, text: toYaml(podMonitor('prefill', k), GENERATED_HEADER) },
    { path: `${K8S_DIR}/podmonitor-decode.yaml`, text: toYaml(podMonitor('decode', k), GENERATED_HEADER) },
    { path: `${K8S_DIR}/podmonitor-epp.yaml`, text: toYaml(eppPodMonitor(k), GENERATED_HEADER) },
  ];
  const kustomize = {
    path: `${K8S_DIR}/kustomization.yaml`,
    text: toYaml(kustomization([...k8s, ...dashboardFiles].map((f) => f.path.slice(K8S_DIR.length + 1)), k), GENERATED_HEADER),
  };
  return [
    ...prometheusRuleFiles({ ...input, mapping, values, runbookBaseUrl }),
    ...groups.map((g) => ({
      path: `${PROMTOOL_TESTS_DIR}/${g.name}.test.yml`,
      text: toYaml(promtoolTestDoc(g, `../../${PROM_RULES_DIR}/${g.name}.yml`, runbookBaseUrl), GENERATED_HEADER),
    })),
    {
      path: `${PROMTOOL_TESTS_DIR}/${RECORDING_GROUP}.test.yml`,
      text: toYaml(
        { rule_files: [`../../${PROM_RULES_DIR}/${RECORDING_GROUP}.yml`], evaluation_interval: '1m', ...recordedPromtoolTests(mapping) },
        GENERATED_HEADER
      ),
    },
    {
      path: `${PROMTOOL_TESTS_DIR}/llmd-routability.test.yml`,
      text: toYaml(
        { rule_files: [`../../${PROM_RULES_DIR}/${RECORDING_GROUP}.yml`], evaluation_interval: '1m', ...routabilityPromtoolTests(mapping) },
        GENERATED_HEADER
      ),
    },
    { path: GRAFANA_ALERTING_FILE, text: toYaml(grafanaProvisioning(groups, input.datasourceUid), GENERATED_HEADER) },
    ...k8s,
    ...dashboardFiles,
    kustomize,
    { path: RUNBOOK_FILE, text: runbookMarkdown(groups) },
    { path: VALUES_FILE, text: valuesYaml(GENERATED_HEADER) },
    ...(input.alertsDoc !== undefined ? [{ path: ALERTS_DOC, text: withValuesTable(input.alertsDoc) }] : []),
  ];
}
