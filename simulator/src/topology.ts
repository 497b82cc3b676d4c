/**
 * The simulated deployment: models, their prefill and decode pods, the data-parallel engines in each pod
 * (one GPU each), the nodes the pods run on, and the scrape targets around them.
 */
import { Options, UsageError } from './options';
import { hex, k8sHash, uniform } from './random';

export type Role = 'prefill' | 'decode';

export interface Engine {
  /** Global data-parallel rank within the model, as the `engine` label carries it. */
  rank: number;
  label: string;
  role: Role;
  pod: Pod;
  /** Rank within its role's EP group. */
  groupRank: number;
  gpu: Gpu;
  /** Share of its role's traffic the router gives it, before faults (close to 1, seeded). */
  weight: number;
}

export interface Pod {
  name: string;
  model: ModelDeployment;
  role: Role;
  index: number;
  ip: string;
  node: Node;
  engines: Engine[];
}

export interface ModelDeployment {
  name: string;
  slug: string;
  pods: Pod[];
  engines: Engine[];
  prefillEngines: Engine[];
  decodeEngines: Engine[];
}

export interface Gpu {
  index: number;
  node: Node;
  uuid: string;
  pciBusId: string;
  engine?: Engine;
}

export interface Node {
  name: string;
  index: number;
  gpus: Gpu[];
  exporterPod: string;
  exporterIp: string;
}

export interface Topology {
  namespace: string;
  models: ModelDeployment[];
  pods: Pod[];
  nodes: Node[];
  layers: number;
  experts: number;
  redundantExperts: number;
  eppPod: string;
  eppIp: string;
}

/** "deepseek-ai/DeepSeek-V3" -> "deepseek-v3". */
export function modelSlug(model: string): string {
  const last = model.split('/').pop() ?? model;
  const slug = last.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug || 'model';
}

export function buildTopology(options: Options): Topology {
  const { prefillPods, decodePods, enginesPerPod, gpusPerNode, seed } = options;
  if (enginesPerPod > gpusPerNode) {
    throw new UsageError(
      `impossible topology: a pod needs ${enginesPerPod} GPUs (--engines-per-pod) but a node has ${gpusPerNode} (--gpus-per-node)`
    );
  }
  const slots = options.experts + options.redundantExperts;
  for (const [role, pods] of [['prefill', prefillPods], ['decode', decodePods]] as const) {
    const ranks = pods * enginesPerPod;
    if (ranks > 0 && slots % ranks !== 0) {
      throw new UsageError(
        `impossible topology: ${options.experts} experts + ${options.redundantExperts} redundant = ${slots} expert slots ` +
          `do not divide evenly over the ${ranks} ${role} ranks (EP group)`
      );
    }
    if (ranks > 0 && ranks > slots) {
      throw new UsageError(`impossible topology: ${ranks} ${role} ranks but only ${slots} expert slots`);
    }
  }
  const slugs = options.models.map(modelSlug);
  if (new Set(slugs).size !== slugs.length) {
    throw new UsageError(`--model names must differ after slugging (${slugs.join(', ')})`);
  }

  const podsPerNode = Math.floor(gpusPerNode / enginesPerPod);
  const totalPods = options.models.length * (prefillPods + decodePods);
  const neededNodes = Math.ceil(totalPods / podsPerNode);
  const nodeCount = options.nodes ?? neededNodes;
  if (nodeCount < neededNodes) {
    throw new UsageError(
      `impossible topology: ${totalPods} pods of ${enginesPerPod} GPUs need ${neededNodes} nodes of ${gpusPerNode} GPUs, --nodes is ${nodeCount}`
    );
  }

  const nodes: Node[] = [];
  for (let n = 0; n < nodeCount; n++) {
    const node: Node = {
      name: `gpu-node-${n}`,
      index: n,
      gpus: [],
      exporterPod: `nvidia-dcgm-exporter-${k8sHash(seed, `dcgm-${n}`, 5)}`,
      exporterIp: hostAddress('10.1', n),
    };
    for (let g = 0; g < gpusPerNode; g++) {
      node.gpus.push({
        index: g,
        node,
        uuid: `GPU-${hex(seed, `uuid-${n}-${g}`, 8)}-${hex(seed, `uuid2-${n}-${g}`, 4)}-${hex(seed, `uuid3-${n}-${g}`, 4)}-${hex(seed, `uuid4-${n}-${g}`, 4)}-${hex(seed, `uuid5-${n}-${g}`, 12)}`,
        pciBusId: `00000000:${(0x18 + g * 0x10).toString(16).toUpperCase().padStart(2, '0')}:00.0`,
      });
    }
    nodes.push(node);
  }

  let podSlot = 0;
  const allPods: Pod[] = [];
  const models: ModelDeployment[] = options.models.map((name, m) => {
    const slug = slugs[m];
    const model: ModelDeployment = { name, slug, pods: [], engines: [], prefillEngines: [], decodeEngines: [] };
    let rank = 0;
    for (const [role, count] of [['prefill', prefillPods], ['decode', decodePods]] as const) {
      const hash = `${k8sHash(seed, `${slug}-${role}-rs`, 10)}`;
      for (let i = 0; i < count; i++) {
        const node = nodes[Math.floor(podSlot / podsPerNode)];
        const firstGpu = (podSlot % podsPerNode) * enginesPerPod;
        podSlot++;
        const pod: Pod = {
          name: `${slug}-${role}-${hash}-${i}`,
          model,
          role,
          index: i,
          ip: hostAddress('10.2', allPods.length),
          node,
          engines: [],
        };
        for (let e = 0; e < enginesPerPod; e++) {
          const gpu = node.gpus[firstGpu + e];
          const group = role === 'prefill' ? model.prefillEngines : model.decodeEngines;
          const engine: Engine = {
            rank,
            label: String(rank),
            role,
            pod,
            groupRank: group.length,
            gpu,
            weight: 0.96 + 0.08 * uniform(seed, `weight-${slug}-${rank}`),
          };
          rank++;
          gpu.engine = engine;
          pod.engines.push(engine);
          group.push(engine);
          model.engines.push(engine);
        }
        model.pods.push(pod);
        allPods.push(pod);
      }
    }
    return model;
  });

  return {
    namespace: options.namespace,
    models,
    pods: allPods,
    nodes,
    layers: options.layers,
    experts: options.experts,
    redundantExperts: options.redundantExperts,
    eppPod: `llm-d-infra-inference-gateway-epp-${k8sHash(seed, 'epp-rs', 10)}-${k8sHash(seed, 'epp', 5)}`,
    eppIp: '10.3.0.1',
  };
}

/** Usable hosts of one /24: .1 to .254 (.0 names the network, .255 is broadcast). */
const HOSTS_PER_SUBNET = 254;

/**
 * The index-th host address of a /16 (`10.1` → 10.1.0.1, 10.1.0.2, … 10.1.0.254, 10.1.1.1, …): every octet in
 * range, never a network or broadcast address.
 */
export function hostAddress(prefix: string, index: number): string {
  const subnet = Math.floor(index / HOSTS_PER_SUBNET);
  if (!Number.isInteger(index) || index < 0 || subnet > 255) {
    throw new UsageError(`no address for host ${index} in ${prefix}.0.0/16 (at most ${256 * HOSTS_PER_SUBNET} hosts)`);
  }
  return `${prefix}.${subnet}.${(index % HOSTS_PER_SUBNET) + 1}`;
}
