/**
 * Kubernetes manifests for kube-prometheus-stack: the rules as a PrometheusRule, PodMonitors for llm-d's
 * prefill and decode pods that keep the role label (`llm-d.ai/role` → `llm_d_ai_role`, the default role
 * mapping), and the included dashboards as ConfigMaps for Grafana's dashboard sidecar.
 */
import { promAlertGroup, promRecordingGroup } from './prometheusFormat';
import { AlertGroupSpec, RecordingRuleSpec } from './types';

/** kube-prometheus-stack's default ruleSelector / podMonitorSelector match its Helm release label. */
export const RELEASE_LABEL = { release: 'kube-prometheus-stack' };

export function prometheusRule(groups: AlertGroupSpec[], recordingName: string, recording: RecordingRuleSpec[]) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'llmd-fleet', labels: { ...RELEASE_LABEL, 'app.kubernetes.io/part-of': 'llmd-fleet' } },
    spec: { groups: [promRecordingGroup(recordingName, recording), ...groups.map((g) => promAlertGroup(g))] },
  };
}

/** One PodMonitor per role, so each can be scoped (or scraped at its own interval) independently. */
export function podMonitor(role: 'prefill' | 'decode') {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: `llmd-vllm-${role}`, labels: { ...RELEASE_LABEL, 'app.kubernetes.io/part-of': 'llmd-fleet' } },
    spec: {
      namespaceSelector: { any: true },
      selector: { matchLabels: { 'llm-d.ai/role': role } },
      podMetricsEndpoints: [
        {
          // vLLM serves /metrics on its HTTP port; set the container port's name if yours differs.
          port: 'vllm',
          path: '/metrics',
          interval: '15s',
          relabelings: [
            // Keep the role and model pod labels as series labels: the app's default role mapping reads llm_d_ai_role.
            { action: 'labelmap', regex: '__meta_kubernetes_pod_label_(llm_d_ai_.+)', replacement: '$1' },
            { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' },
          ],
        },
      ],
    },
  };
}

/** Grafana's sidecar loads every ConfigMap labelled grafana_dashboard="1". */
export function dashboardConfigMap(fileName: string, json: string) {
  const name = `llmd-dashboard-${fileName.replace(/\.json$/, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels: { grafana_dashboard: '1', 'app.kubernetes.io/part-of': 'llmd-fleet' } },
    data: { [fileName]: json },
  };
}

export function kustomization(resources: string[]) {
  return { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources };
}
