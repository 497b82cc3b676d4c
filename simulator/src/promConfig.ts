/**
 * The Prometheus configuration that scrapes the simulator as Prometheus would scrape llm-d on Kubernetes:
 * vLLM pods through a PodMonitor-like job that keeps pods carrying an llm-d role label and maps their
 * llm_d_ai_* labels, dcgm-exporter with honor_labels false (its pod labels become exported_pod/...),
 * and the router's endpoint picker. Shared by deploy/prometheus/prometheus.yml and the test harness.
 */

export interface PrometheusConfigOptions {
  /** host:port where the simulator answers. */
  simulator: string;
  /** host:port of node_exporter, when there is one. */
  nodeExporter?: string;
  /** host:port of a real dcgm-exporter; its GPUs replace the simulator's DCGM series. */
  dcgmExporter?: string;
  scrapeInterval: string;
  evaluationInterval: string;
  ruleFiles: string[];
}

type RelabelConfig = Record<string, unknown>;

/** The relabeling a kube PodMonitor applies: namespace, pod, container, node and instance from the pod. */
function podRelabeling(port: string): RelabelConfig[] {
  return [
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
    { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
    { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
    { source_labels: ['__meta_kubernetes_pod_ip'], regex: '(.+)', target_label: 'instance', replacement: `$1:${port}` },
  ];
}

function httpSd(simulator: string, kind: string) {
  return [{ url: `http://${simulator}/sd?kind=${kind}`, refresh_interval: '10s' }];
}

export function prometheusConfig(opts: PrometheusConfigOptions): object {
  const scrapeConfigs: object[] = [
    {
      job_name: 'vllm',
      honor_labels: false,
      http_sd_configs: httpSd(opts.simulator, 'vllm'),
      relabel_configs: [
        // Only pods that llm-d labels with a role (prefill or decode) serve vLLM metrics.
        { source_labels: ['__meta_kubernetes_pod_label_llm_d_ai_role'], regex: '.+', action: 'keep' },
        ...podRelabeling('8000'),
        { regex: '__meta_kubernetes_pod_label_(llm_d_ai_.+)', replacement: '$1', action: 'labelmap' },
      ],
    },
    opts.dcgmExporter
      ? { job_name: 'dcgm-exporter', honor_labels: false, static_configs: [{ targets: [opts.dcgmExporter] }] }
      : {
          job_name: 'dcgm-exporter',
          // The Helm chart's default: the exporter's own pod labels win, the GPU's pod becomes exported_pod.
          honor_labels: false,
          http_sd_configs: httpSd(opts.simulator, 'dcgm'),
          relabel_configs: podRelabeling('9400'),
        },
    {
      job_name: 'llm-d-epp',
      honor_labels: false,
      http_sd_configs: httpSd(opts.simulator, 'epp'),
      relabel_configs: podRelabeling('9090'),
    },
  ];
  if (opts.nodeExporter) {
    scrapeConfigs.push({ job_name: 'node-exporter', static_configs: [{ targets: [opts.nodeExporter] }] });
  }
  return {
    global: {
      scrape_interval: opts.scrapeInterval,
      scrape_timeout: opts.scrapeInterval,
      evaluation_interval: opts.evaluationInterval,
    },
    rule_files: opts.ruleFiles,
    scrape_configs: scrapeConfigs,
  };
}
