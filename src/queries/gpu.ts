/**
 * GPU (dcgm-exporter) series, normalized: the GPU-using pod arrives as `pod`/`namespace` with
 * honorLabels or as `exported_pod`/`exported_namespace` without (the Helm chart's default), and the host label
 * is `Hostname` in older releases and `hostname` in newer ones. Queries see `pod`, `namespace` and `host`.
 */
import { Signal, SIGNALS } from './signals/signals';
import { QueryContext } from './context';
import { add, agg, anyOf, div, Expr, joinLabels, labelReplace, Matcher, orOn, rate, re, selector } from './promql';
import { aggByRole, ROLE_LABEL } from './role';
import { gauge } from './select';
import { ref, VAR_HOSTNAME } from './variables';
import { WORST_LINES, WorstRank, worstAtEachStep } from './worst';

export const HOST_LABEL = 'host';

/** The two spellings of dcgm-exporter's node label. */
const HOST_SOURCE_LABELS = ['Hostname', 'hostname'];

/** Labels one GPU is known by after normalization. */
export const GPU_KEY = [HOST_LABEL, 'gpu'];

/**
 * A DCGM signal with `pod`, `namespace` and `host` normalized. With `host`, only the GPUs of those nodes: the
 * selector is written once per label spelling, since PromQL cannot match "either label" in one selector.
 */
export function dcgmSeries(signal: Signal, matchers: Matcher[] = [], host?: string): Expr {
  const hostMatchers: Matcher[][] = host ? HOST_SOURCE_LABELS.map((l) => [re(l, host)]) : [[]];
  const raw = anyOf(signal.names.flatMap((n) => hostMatchers.map((h) => selector(n.name, [...matchers, ...h]))));
  const pod = labelReplace(raw, 'pod', '$1', 'exported_pod', '(.+)');
  const namespace = labelReplace(pod, 'namespace', '$1', 'exported_namespace', '(.+)');
  const hostOld = labelReplace(namespace, HOST_LABEL, '$1', HOST_SOURCE_LABELS[0], '(.+)');
  return labelReplace(hostOld, HOST_LABEL, '$1', HOST_SOURCE_LABELS[1], '(.+)');
}

/** How many GPUs a per-GPU chart draws at each instant (src/queries/worst.ts). */
export const GPU_LINES = WORST_LINES;

/** `worstAtEachStep` over GPUs. */
export const worstGpus = (e: Expr, rank: WorstRank, k: number = GPU_LINES): Expr => worstAtEachStep(e, rank, k);

/** The page's node filter (`$hostname`). */
export const HOST_FILTER = ref(VAR_HOSTNAME);

/** A DCGM gauge per GPU on the selected nodes: `op by (host, gpu, pod) (...)`. */
export function perGpu(signal: Signal, op: 'avg' | 'max' | 'sum' = 'avg', by: string[] = [...GPU_KEY, 'pod']): Expr {
  return agg(op, by, dcgmSeries(signal, [], HOST_FILTER));
}

/** `perGpu` bounded to the GPU_LINES worst GPUs at each step (worstGpus). */
export function worstPerGpu(
  signal: Signal,
  rank: WorstRank,
  op: 'avg' | 'max' | 'sum' = 'avg',
  by: string[] = [...GPU_KEY, 'pod']
): Expr {
  return worstGpus(agg(op, by, dcgmSeries(signal, [], HOST_FILTER)), rank);
}

/** How many GPUs report to dcgm-exporter on the selected nodes: what the bounded charts choose from. */
export function gpusReporting(): Expr {
  return agg('count', [], agg('count', GPU_KEY, dcgmSeries(SIGNALS.gpuUtil, [], HOST_FILTER)));
}

/** A DCGM gauge aggregated over every GPU (one number, or one per `by`), for pages without a node filter. */
export function acrossGpus(signal: Signal, op: 'avg' | 'max' | 'sum' | 'min', by: string[] = []): Expr {
  return agg(op, by, dcgmSeries(signal));
}

/** Per-second rate of a DCGM counter per GPU (dcgm-exporter counters have no `_total`). */
export function gpuCounterRate(signal: Signal, window: string, rank?: WorstRank): Expr {
  const raw = anyOf(
    signal.names.flatMap((n) => HOST_SOURCE_LABELS.map((l) => rate(selector(n.name, [re(l, HOST_FILTER)], window))))
  );
  const hostOld = labelReplace(raw, HOST_LABEL, '$1', HOST_SOURCE_LABELS[0], '(.+)');
  const perGpuRate = agg('sum', GPU_KEY, labelReplace(hostOld, HOST_LABEL, '$1', HOST_SOURCE_LABELS[1], '(.+)'));
  return rank ? worstGpus(perGpuRate, rank) : perGpuRate;
}

/**
 * Framebuffer used as a share of the GPU's memory: used / (used + free); on the selected nodes with `host`; with
 * `rank`, only the GPU_LINES GPUs furthest from their peers at each step.
 */
export function framebufferUsedShare(host?: string, rank?: WorstRank): Expr {
  const used = agg('sum', GPU_KEY, dcgmSeries(SIGNALS.gpuFbUsed, [], host));
  const free = agg('sum', GPU_KEY, dcgmSeries(SIGNALS.gpuFbFree, [], host));
  const share = div(used, add(used, free));
  return rank ? worstGpus(share, rank) : share;
}

/**
 * Which engine and role use each GPU: the GPU's pod joined to the role of the vLLM pod of the same name.
 * GPUs whose pod is not a vLLM engine (or not mapped at all) keep their series without a role.
 */
export function gpuWithRole(ctx: QueryContext, signal: Signal): Expr {
  const gpu = agg('max', [...GPU_KEY, 'pod', 'namespace', 'modelName'], dcgmSeries(signal, [], HOST_FILTER));
  const roles = aggByRole('group', ['namespace', 'pod', ROLE_LABEL], gauge(ctx, SIGNALS.requestsRunning), ctx.role);
  return orOn(joinLabels(gpu, roles, ['namespace', 'pod'], [ROLE_LABEL]), gpu, GPU_KEY);
}
