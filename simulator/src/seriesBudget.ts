/**
 * How many series a configuration exports, estimated before anything is built. Each flag is bounded on its
 * own, but their product is not: 3 models x 1024 pods x 16 engines x 128 layers would exhaust memory long
 * before the first scrape. The estimate is an upper bound measured against the real registries
 * (tests/seriesBudget.test.ts).
 */
import type { Options } from './options';

/** Most series one simulator serves; about 1.5 GB of heap at prom-client's cost per series. */
export const MAX_SERIES = 2_000_000;

/** Series of one engine besides the per-layer gauges, current and legacy names together (measured: ~830). */
const PER_ENGINE = 850;
/** Per-layer EPLB gauges per engine: balancedness, average and maximum tokens per rank. */
const PER_LAYER = 3;
/** dcgm-exporter series per GPU (measured: 31). */
const PER_GPU = 35;
/** Router (EPP) series per model (measured: 405). */
const PER_MODEL = 420;

export interface SeriesEstimate {
  total: number;
  /** The product that dominates, in flags, for the message. */
  explanation: string;
}

export function estimateSeries(o: Options): SeriesEstimate {
  const models = o.models.length;
  const pods = models * (o.prefillPods + o.decodePods);
  const engines = pods * o.enginesPerPod;
  const podsPerNode = Math.max(1, Math.floor(o.gpusPerNode / o.enginesPerPod));
  const nodes = o.nodes ?? Math.ceil(pods / podsPerNode);
  const expertDebug = o.expertDebug ? models * o.layers * o.experts : 0;
  const total = engines * (PER_ENGINE + PER_LAYER * o.layers) + expertDebug + nodes * o.gpusPerNode * PER_GPU + models * PER_MODEL;
  const explanation =
    `${models} --model x (${o.prefillPods} --prefill-pods + ${o.decodePods} --decode-pods) x ${o.enginesPerPod} --engines-per-pod` +
    ` = ${engines} engines x (${PER_ENGINE} + ${PER_LAYER} x ${o.layers} --layers) series` +
    (o.expertDebug ? `, plus --expert-debug: ${models} --model x ${o.layers} --layers x ${o.experts} --experts` : '') +
    `, plus ${nodes} nodes x ${o.gpusPerNode} --gpus-per-node GPUs`;
  return { total, explanation };
}

/** Why the configuration is too large, or undefined when it fits. */
export function seriesBudgetProblem(o: Options): string | undefined {
  const { total, explanation } = estimateSeries(o);
  if (total <= MAX_SERIES) {
    return undefined;
  }
  return `this fleet would export about ${total.toLocaleString('en-US')} series (${explanation}); the simulator serves at most ${MAX_SERIES.toLocaleString('en-US')}: lower one of these flags`;
}
