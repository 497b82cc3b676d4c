/**
 * Expert-parallel load balancing (EPLB): how tokens spread over logical experts, how experts sit on ranks,
 * and what a rebalance does. Balancedness of a layer = mean tokens per rank / max tokens per rank.
 */
import { normal, uniform } from './random';

/** Experts each token is routed to (DeepSeek-V3 top-k). */
export const TOP_K = 8;
/** Seconds of traffic the EPLB load window covers (the avg/max gauges are totals over it). */
export const WINDOW_SECONDS = 10;
/** The window as engine steps, as expert_config_info reports it. */
export const WINDOW_STEPS = 1000;

/** Which layers turn hot in the hotspot scenario: every third layer, starting with layer 1. */
export function isHotLayer(layer: number): boolean {
  return layer % 3 === 1;
}

export class ExpertLoads {
  private readonly base: Float64Array[] = [];
  private readonly phase: Float64Array[] = [];
  readonly hotExpert: number[] = [];

  constructor(
    readonly seed: number,
    readonly model: string,
    readonly layers: number,
    readonly experts: number
  ) {
    for (let l = 0; l < layers; l++) {
      const base = new Float64Array(experts);
      const phase = new Float64Array(experts);
      for (let e = 0; e < experts; e++) {
        base[e] = Math.exp(0.45 * normal(seed, `load-${model}-${l}-${e}`));
        phase[e] = 2 * Math.PI * uniform(seed, `phase-${model}-${l}-${e}`);
      }
      this.base.push(base);
      this.phase.push(phase);
      this.hotExpert.push(Math.floor(uniform(seed, `hot-${model}-${l}`) * experts));
    }
  }

  /**
   * Share of the layer's routed tokens that each logical expert receives (sums to 1).
   * `drift` (0..1) lets loads wander slowly with time; `hotShare` makes one expert take that share.
   */
  shares(layer: number, hotShare: number, drift: number, time: number, period: number): Float64Array {
    const base = this.base[layer];
    const out = new Float64Array(this.experts);
    let total = 0;
    for (let e = 0; e < this.experts; e++) {
      const wobble = drift > 0 ? 1 + 0.5 * drift * Math.sin((2 * Math.PI * time) / (1.7 * period) + this.phase[layer][e]) : 1;
      out[e] = base[e] * wobble;
      total += out[e];
    }
    const hot = hotShare > 0 && isHotLayer(layer) ? this.hotExpert[layer] : -1;
    if (hot >= 0) {
      const rest = total - out[hot];
      for (let e = 0; e < this.experts; e++) {
        out[e] = e === hot ? hotShare : ((1 - hotShare) * out[e]) / rest;
      }
    } else {
      for (let e = 0; e < this.experts; e++) {
        out[e] /= total;
      }
    }
    return out;
  }
}

/** Expert slots of each rank for one layer: slots[rank] lists logical expert ids (replicas repeat ids). */
export interface Placement {
  slots: Int32Array[];
  replicas: Int32Array;
}

/** vLLM's starting layout: physical slot p holds logical expert p mod E, ranks own contiguous slots. */
export function initialPlacement(experts: number, redundant: number, ranks: number): Placement {
  const perRank = (experts + redundant) / ranks;
  const slots: Int32Array[] = [];
  const replicas = new Int32Array(experts);
  for (let r = 0; r < ranks; r++) {
    const own = new Int32Array(perRank);
    for (let s = 0; s < perRank; s++) {
      const logical = (r * perRank + s) % experts;
      own[s] = logical;
      replicas[logical]++;
    }
    slots.push(own);
  }
  return { slots, replicas };
}

/**
 * A rebalance: replicate the experts with the highest load per replica, then place replicas heaviest first
 * on the least-loaded rank that still has a free slot (the greedy packing vLLM's EPLB uses).
 */
export function rebalance(shares: Float64Array, redundant: number, ranks: number): Placement {
  const experts = shares.length;
  const replicas = new Int32Array(experts).fill(1);
  for (let k = 0; k < redundant; k++) {
    let best = 0;
    for (let e = 1; e < experts; e++) {
      if (shares[e] / replicas[e] > shares[best] / replicas[best]) {
        best = e;
      }
    }
    replicas[best]++;
  }
  const items: Array<{ expert: number; load: number }> = [];
  for (let e = 0; e < experts; e++) {
    for (let c = 0; c < replicas[e]; c++) {
      items.push({ expert: e, load: shares[e] / replicas[e] });
    }
  }
  items.sort((a, b) => b.load - a.load || a.expert - b.expert);
  const perRank = (experts + redundant) / ranks;
  const loads = new Float64Array(ranks);
  const filled = new Int32Array(ranks);
  const slots = Array.from({ length: ranks }, () => new Int32Array(perRank));
  for (const item of items) {
    let target = -1;
    for (let r = 0; r < ranks; r++) {
      if (filled[r] < perRank && (target < 0 || loads[r] < loads[target])) {
        target = r;
      }
    }
    slots[target][filled[target]++] = item.expert;
    loads[target] += item.load;
  }
  return { slots, replicas };
}

/** Share of the layer's tokens each rank processes under a placement. */
export function rankShares(placement: Placement, shares: Float64Array): Float64Array {
  const out = new Float64Array(placement.slots.length);
  for (let r = 0; r < placement.slots.length; r++) {
    let sum = 0;
    for (const expert of placement.slots[r]) {
      sum += shares[expert] / placement.replicas[expert];
    }
    out[r] = sum;
  }
  return out;
}

/** mean / max of the rank shares: 1.0 is perfect balance. */
export function balancedness(perRank: Float64Array): number {
  let max = 0;
  let sum = 0;
  for (const v of perRank) {
    sum += v;
    max = Math.max(max, v);
  }
  return max > 0 ? sum / perRank.length / max : 1;
}
