/**
 * Kubernetes manifests for kube-prometheus-stack: the rules as a PrometheusRule, PodMonitors for llm-d's
 * prefill and decode pods that keep the role label (`llm-d.ai/role` → `llm_d_ai_role`, the default role
 * mapping) and for the router's endpoint picker (EPP), and the included dashboards as ConfigMaps for Grafana's
 * dashboard sidecar. PodMonitors watch only the workload namespaces of the values file: a pod of another
 * tenant with the same labels never joins the fleet's pages and alerts.
 */
import { promAlertGroup, promRecordingGroup, PrometheusRuleOptions } from './prometheusFormat';
import { AlertGroupSpec, RecordingRuleSpec } from '../catalog/rules/types';
import { DEFAULT_KUBERNETES, KubernetesValues } from '../catalog/rules/values';

const PART_OF = { 'app.kubernetes.io/part-of': 'llmd-fleet' };

/** kube-prometheus-stack's default ruleSelector / podMonitorSelector match its Helm release label. */
const labels = (k: KubernetesValues) => ({ release: k.release, ...PART_OF });

export function prometheusRule(
  groups: AlertGroupSpec[],
  recordingName: string,
  recording: RecordingRuleSpec[],
  k: KubernetesValues = DEFAULT_KUBERNETES,
  opts: PrometheusRuleOptions = {}
) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'llmd-fleet', labels: labels(k) },
    spec: { groups: [promRecordingGroup(recordingName, recording), ...groups.map((g) => promAlertGroup(g, opts))] },
  };
}

/** One PodMonitor per role, so each can be scoped (or scraped at its own interval) independently. */
export function podMonitor(role: 'prefill' | 'decode', k: KubernetesValues = DEFAULT_KUBERNETES) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: `llmd-vllm-${role}`, labels: labels(k) },
    spec: {
      namespaceSelector: { matchNames: [...k.workloadNamespaces] },
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

/**
 * The router's endpoint picker. The inferencepool Helm chart labels its pods `inferencepool: <pool>-epp` and
 * names the metrics port `metrics` (9090), and the EPP asks for a bearer token on /metrics unless started with
 * --metrics-endpoint-auth=false (kubernetes-sigs/gateway-api-inference-extension
 * config/charts/inferencepool/templates/epp-deployment.yaml @ 9d1514a3607eefbda6bcf8849aaf3654dba7f207,
 * _helpers.tpl @ b95f05ad2e684aeee62ddd3baa61f2c77aeb6034). Without it the routing panels stay empty.
 */
export function eppPodMonitor(k: KubernetesValues = DEFAULT_KUBERNETES) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: 'llmd-epp', labels: labels(k) },
    spec: {
      namespaceSelector: { matchNames: [...k.workloadNamespaces] },
      selector: { matchExpressions: [{ key: 'inferencepool', operator: 'Exists' }] },
      podMetricsEndpoints: [
        {
          port: 'metrics',
          path: '/metrics',
          interval: '15s',
          ...(k.eppMetricsTokenSecret ? { authorization: { credentials: { name: k.eppMetricsTokenSecret, key: 'token' } } } : {}),
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
    metadata: { name, labels: { grafana_dashboard: '1', ...PART_OF } },
    data: { [fileName]: json },
  };
}

/** Every manifest in one namespace: `kubectl apply -k deploy/kubernetes` needs no -n. */
export function kustomization(resources: string[], k: KubernetesValues = DEFAULT_KUBERNETES) {
  return { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', namespace: k.namespace, resources };
}
