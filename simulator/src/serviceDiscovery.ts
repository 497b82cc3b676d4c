/**
 * Prometheus http_sd: one target per simulated pod, all served by this process on different paths, with
 * the `__meta_kubernetes_*` labels Kubernetes service discovery would attach to the real pod.
 */
import { Simulation } from './simulation';

export type TargetKind = 'vllm' | 'dcgm' | 'epp';
export const TARGET_KINDS: TargetKind[] = ['vllm', 'dcgm', 'epp'];

export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/** Namespace where the GPU operator runs dcgm-exporter. */
export const GPU_OPERATOR_NAMESPACE = 'gpu-operator';

export function serviceDiscovery(sim: Simulation, address: string, kinds: TargetKind[]): TargetGroup[] {
  const groups: TargetGroup[] = [];
  const ns = sim.topology.namespace;
  if (kinds.includes('vllm')) {
    for (const pod of sim.pods) {
      groups.push({
        targets: [address],
        labels: {
          __metrics_path__: `/pods/${pod.name}/metrics`,
          __meta_kubernetes_namespace: ns,
          __meta_kubernetes_pod_name: pod.name,
          __meta_kubernetes_pod_ip: pod.ip,
          __meta_kubernetes_pod_label_llm_d_ai_role: pod.role,
          __meta_kubernetes_pod_label_llm_d_ai_model: pod.model.slug,
          __meta_kubernetes_pod_label_llm_d_ai_inference_serving: 'true',
          __meta_kubernetes_pod_container_name: 'vllm',
          __meta_kubernetes_pod_container_port_number: '8000',
          __meta_kubernetes_pod_node_name: pod.node.name,
        },
      });
    }
  }
  if (kinds.includes('dcgm')) {
    for (const node of sim.topology.nodes) {
      groups.push({
        targets: [address],
        labels: {
          __metrics_path__: `/nodes/${node.name}/dcgm/metrics`,
          __meta_kubernetes_namespace: GPU_OPERATOR_NAMESPACE,
          __meta_kubernetes_pod_name: node.exporterPod,
          __meta_kubernetes_pod_ip: node.exporterIp,
          __meta_kubernetes_pod_label_app: 'nvidia-dcgm-exporter',
          __meta_kubernetes_pod_container_name: 'nvidia-dcgm-exporter',
          __meta_kubernetes_pod_container_port_number: '9400',
          __meta_kubernetes_pod_node_name: node.name,
        },
      });
    }
  }
  if (kinds.includes('epp')) {
    groups.push({
      targets: [address],
      labels: {
        __metrics_path__: '/epp/metrics',
        __meta_kubernetes_namespace: ns,
        __meta_kubernetes_pod_name: sim.topology.eppPod,
        __meta_kubernetes_pod_ip: sim.topology.eppIp,
        __meta_kubernetes_pod_label_app: 'llm-d-infra-inference-gateway-epp',
        __meta_kubernetes_pod_container_name: 'epp',
        __meta_kubernetes_pod_container_port_number: '9090',
        __meta_kubernetes_pod_node_name: sim.topology.nodes[0].name,
      },
    });
  }
  return groups;
}
