/**
 * Serving health: latency, queues, KV cache, errors and whether vLLM is scraped at all. Thresholds sit above
 * what a healthy P/D deployment shows (decode TTFT includes the remote prefill and KV transfer; e2e grows with
 * output length), and every ratio has a traffic floor so an idle model stays quiet.
 */
import { SIGNALS } from '../../queries/signals/signals';
import { QueryContext } from '../../queries/context';
import { absent, agg, onNothing, ratio, re, selector, sumBy } from '../../queries/promql';
import { gauge, rateOf } from '../../queries/select';
import { onRole } from '../../queries/pd/scope';
import { quantileByRole } from '../../queries/serving';
import { above, andOn, below, ENGINE_KEY, MODEL_KEY, POD_KEY } from './exprs';
import {
  counter,
  engineLabels,
  FIXTURE_MODEL,
  FIXTURE_NAMESPACE,
  gauge as gaugeSeries,
  gaugeAcrossTest,
  histogramAcross,
  over,
  perMinute,
  under,
} from './fixtures';
import { routerAlerts } from './router';
import { AlertRule, AlertRuleSpec, AlertTest, InputSeries } from './types';
import { AlertValues } from './values';

const SGLANG_RUNNING = 'sglang:num_running_reqs';

/** A latency quantile per model and role (TTFT p99 unless named). */
function alertQuantile(ctx: QueryContext, signal = SIGNALS.ttft, q = 0.99) {
  return quantileByRole(ctx, signal, q, MODEL_KEY);
}

/** Counter growth per minute for a ratio test: three times the minimum volume, or a tenth of it for the low-volume case. */
function volume(minVolume: number, low = false): number {
  return perMinute(Math.max(minVolume, 0.01) * (low ? 0.1 : 3));
}

const decode = (ctx: QueryContext) => engineLabels(ctx.role, 'decode');
const prefill = (ctx: QueryContext) => engineLabels(ctx.role, 'prefill');
const roleLabels = (role: 'prefill' | 'decode') => ({ namespace: FIXTURE_NAMESPACE, model_name: FIXTURE_MODEL, role });
const modelLabels = { namespace: FIXTURE_NAMESPACE, model_name: FIXTURE_MODEL };
const ttft = SIGNALS.ttft.names[0].name;
const itl = SIGNALS.itl.names[0].name;
const e2e = SIGNALS.e2eLatency.names[0].name;
const waiting = SIGNALS.requestsWaiting.names[0].name;
const kv = SIGNALS.kvCacheUsage.names[0].name;
const success = SIGNALS.requestSuccess.names[0].name;
const decodeEngine = (ctx: QueryContext) => ({
  namespace: FIXTURE_NAMESPACE,
  model_name: FIXTURE_MODEL,
  pod: decode(ctx).pod,
  engine: decode(ctx).engine,
});
const failed = (ctx: QueryContext) =>
  sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.requestSuccess, [re('finished_reason', 'abort|error')]));
const finished = (ctx: QueryContext) => sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.requestSuccess));
const prefillCtx = (ctx: QueryContext) => onRole(ctx, 'prefill');
const hits = (ctx: QueryContext) => sumBy(MODEL_KEY, rateOf(prefillCtx(ctx), SIGNALS.prefixCacheHits));
const queries = (ctx: QueryContext) => sumBy(MODEL_KEY, rateOf(prefillCtx(ctx), SIGNALS.prefixCacheQueries));
const drafts = (ctx: QueryContext) => sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.specDraftTokens));
const accepted = (ctx: QueryContext) => sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.specAcceptedTokens));
const roleSelector = (ctx: QueryContext) => re(ctx.role.label, `(${ctx.role.prefill})|(${ctx.role.decode})`);

export const VLLM_TTFT_P99_HIGH: AlertRule = (ctx, v) => ({
  name: 'VllmTtftP99High',
  severity: 'warning',
  expr: above(alertQuantile(ctx), v.VllmTtftP99High.threshold),
  for: v.VllmTtftP99High.for,
  summary: `TTFT p99 above ${v.VllmTtftP99High.threshold} s on {{ $labels.role }} pods of {{ $labels.model_name }}`,
  description:
    'Users wait long for the first token. Check queues and KV cache on the Overview page; on decode, check KV transfer latency; add replicas of the slow role if load grew.',
  runbook: {
    meaning: `The 99th percentile of time to first token, per role, stayed above ${v.VllmTtftP99High.threshold} s for ${v.VllmTtftP99High.for}. On decode pods TTFT includes the remote prefill and the KV transfer.`,
    confirm:
      'Overview and Prefill/Decode pages, TTFT by role; compare queue time and prefill time quantiles to see where the time goes.',
    action:
      'If the queue grows, scale out the role whose queue grows. If NIXL latency grew, see NixlTransferLatencyHigh. If prefill time grew with prompt length, consider more prefill replicas.',
  },
  test: {
    firing: histogramAcross(ttft, decode(ctx), v.VllmTtftP99High.threshold, 'over'),
    silent: histogramAcross(ttft, decode(ctx), v.VllmTtftP99High.threshold, 'under'),
    labels: roleLabels('decode'),
  },
});

export const VLLM_TTFT_P99_CRITICAL: AlertRule = (ctx, v) => ({
  name: 'VllmTtftP99Critical',
  severity: 'critical',
  expr: above(alertQuantile(ctx), v.VllmTtftP99Critical.threshold),
  for: v.VllmTtftP99Critical.for,
  summary: `TTFT p99 above ${v.VllmTtftP99Critical.threshold} s on {{ $labels.role }} pods of {{ $labels.model_name }}`,
  description:
    'First tokens take longer than the critical target: interactive users are failing. Find the saturated role (queues, KV cache, NIXL) and scale it or shed load now.',
  runbook: {
    meaning: `TTFT p99 per role above ${v.VllmTtftP99Critical.threshold} s for ${v.VllmTtftP99Critical.for}.`,
    confirm:
      'Overview page: waiting requests and KV cache usage per role; Prefill/Decode page: NIXL failures and transfer time.',
    action:
      'Scale the saturated role, or reduce admitted load at the router. If KV transfer fails, fix NIXL first (see NixlTransferFailures).',
  },
  test: {
    firing: histogramAcross(ttft, prefill(ctx), v.VllmTtftP99Critical.threshold, 'over'),
    silent: histogramAcross(ttft, prefill(ctx), v.VllmTtftP99Critical.threshold, 'under'),
    labels: roleLabels('prefill'),
  },
});

export const VLLM_INTER_TOKEN_LATENCY_HIGH: AlertRule = (ctx, v) => ({
  name: 'VllmInterTokenLatencyHigh',
  severity: 'warning',
  expr: above(alertQuantile(ctx, SIGNALS.itl), v.VllmInterTokenLatencyHigh.threshold),
  for: v.VllmInterTokenLatencyHigh.for,
  summary: `Inter-token latency p99 above ${v.VllmInterTokenLatencyHigh.threshold} s on {{ $labels.role }} pods of {{ $labels.model_name }}`,
  description:
    'Streaming is slow. Look for oversized decode batches, a straggling DP rank (Wide EP page) or prefill work on decode pods; add decode capacity if batches are full.',
  runbook: {
    meaning: `The 99th percentile of the time between output tokens stayed above ${v.VllmInterTokenLatencyHigh.threshold} s for ${v.VllmInterTokenLatencyHigh.for}.`,
    confirm:
      'Wide EP page: per-rank throughput (a straggler slows the whole EP group); Prefill/Decode page: local compute on decode.',
    action:
      'Replace or drain a straggling GPU; stop prefill work on decode (see PdDecodeRecomputingPrefill); add decode replicas.',
  },
  test: {
    firing: histogramAcross(itl, decode(ctx), v.VllmInterTokenLatencyHigh.threshold, 'over'),
    silent: histogramAcross(itl, decode(ctx), v.VllmInterTokenLatencyHigh.threshold, 'under'),
    labels: roleLabels('decode'),
  },
});

export const VLLM_E2E_LATENCY_P95_HIGH: AlertRule = (ctx, v) => ({
  name: 'VllmE2eLatencyP95High',
  severity: 'warning',
  expr: above(alertQuantile(ctx, SIGNALS.e2eLatency, 0.95), v.VllmE2eLatencyP95High.threshold),
  for: v.VllmE2eLatencyP95High.for,
  summary: `End-to-end latency p95 above ${v.VllmE2eLatencyP95High.threshold} s on {{ $labels.role }} pods of {{ $labels.model_name }}`,
  description:
    'Requests take very long end to end. Check whether output lengths grew (then it is demand, not a fault) or TTFT / inter-token latency grew, and act on that alert.',
  runbook: {
    meaning: `The 95th percentile of request latency stayed above ${v.VllmE2eLatencyP95High.threshold} s for ${v.VllmE2eLatencyP95High.for}. It grows with output length, so tune the threshold to your workload.`,
    confirm: 'Overview page: e2e latency next to TTFT and inter-token latency, and generated tokens per request.',
    action:
      'If TTFT or inter-token latency is high, follow that runbook. If outputs simply got longer, raise the threshold or cap max_tokens.',
  },
  test: {
    firing: histogramAcross(e2e, decode(ctx), v.VllmE2eLatencyP95High.threshold, 'over'),
    silent: histogramAcross(e2e, decode(ctx), v.VllmE2eLatencyP95High.threshold, 'under'),
    labels: roleLabels('decode'),
  },
});

export const VLLM_REQUESTS_QUEUED: AlertRule = (ctx, v) => ({
  name: 'VllmRequestsQueued',
  severity: 'warning',
  expr: above(agg('max', ENGINE_KEY, gauge(ctx, SIGNALS.requestsWaiting)), v.VllmRequestsQueued.threshold),
  for: v.VllmRequestsQueued.for,
  summary: `More than ${v.VllmRequestsQueued.threshold} requests waiting on {{ $labels.pod }} engine {{ $labels.engine }}`,
  description:
    'An engine cannot admit its requests. Check its KV cache usage and preemptions; scale out its role or rebalance routing.',
  runbook: {
    meaning: `vllm:num_requests_waiting of one engine stayed above ${v.VllmRequestsQueued.threshold} for ${v.VllmRequestsQueued.for}.`,
    confirm:
      'Overview page: waiting requests per engine, KV cache usage; Prefill/Decode page: waiting by reason (capacity or deferred).',
    action:
      'Capacity: add replicas of that role. Deferred: KV transfers are slow or failing (see PdDeferredRequestsPiling). One engine only: check the router scorer and that engine.',
  },
  test: gaugeAcrossTest(waiting, decode(ctx), v.VllmRequestsQueued.threshold, decodeEngine(ctx)),
});

export const VLLM_KV_CACHE_PRESSURE: AlertRule = (ctx, v) => ({
  name: 'VllmKvCachePressure',
  severity: 'warning',
  expr: above(agg('max', ENGINE_KEY, gauge(ctx, SIGNALS.kvCacheUsage)), v.VllmKvCachePressure.threshold),
  for: v.VllmKvCachePressure.for,
  summary: `KV cache over ${Math.round(v.VllmKvCachePressure.threshold * 100)} % on {{ $labels.pod }} engine {{ $labels.engine }}`,
  description:
    'The engine is close to preempting requests. Add replicas of its role, lower max_num_seqs, or raise gpu_memory_utilization if memory allows.',
  runbook: {
    meaning: `vllm:kv_cache_usage_perc (a 0..1 fraction) above ${v.VllmKvCachePressure.threshold} for ${v.VllmKvCachePressure.for}.`,
    confirm: 'Overview page: KV cache usage per engine and preemptions.',
    action: 'Add replicas of the role; reduce the maximum batch size or context length; check for very long prompts.',
  },
  test: gaugeAcrossTest(kv, decode(ctx), v.VllmKvCachePressure.threshold, decodeEngine(ctx), true),
});

export const VLLM_KV_CACHE_EXHAUSTED: AlertRule = (ctx, v) => ({
  name: 'VllmKvCacheExhausted',
  severity: 'critical',
  expr: above(agg('max', ENGINE_KEY, gauge(ctx, SIGNALS.kvCacheUsage)), v.VllmKvCacheExhausted.threshold),
  for: v.VllmKvCacheExhausted.for,
  summary: 'KV cache full on {{ $labels.pod }} engine {{ $labels.engine }}',
  description:
    'The KV cache is full: requests are preempted and recomputed and latency climbs. Shed load or add capacity for this role now.',
  runbook: {
    meaning: `KV cache usage above ${v.VllmKvCacheExhausted.threshold} for ${v.VllmKvCacheExhausted.for}.`,
    confirm: 'Overview page: KV cache usage and preemptions per engine.',
    action: 'Scale out the role, lower max_num_seqs, or route fewer long-context requests to it.',
  },
  test: gaugeAcrossTest(kv, decode(ctx), v.VllmKvCacheExhausted.threshold, decodeEngine(ctx), true),
});

export const VLLM_PREEMPTIONS: AlertRule = (ctx, v) => ({
  name: 'VllmPreemptions',
  severity: 'warning',
  expr: above(sumBy(POD_KEY, rateOf(ctx, SIGNALS.preemptions)), v.VllmPreemptions.threshold),
  for: v.VllmPreemptions.for,
  summary: 'Requests preempted on {{ $labels.pod }}',
  description:
    'The pod keeps preempting requests for lack of KV cache; preempted work is recomputed. Add capacity or reduce the batch size.',
  runbook: {
    meaning: `rate(vllm:num_preemptions_total[5m]) summed per pod above ${v.VllmPreemptions.threshold}/s for ${v.VllmPreemptions.for}.`,
    confirm: 'Overview page: preemptions and KV cache usage.',
    action: 'As for VllmKvCachePressure: more replicas, smaller batches, shorter contexts.',
  },
  test: {
    firing: [counter(SIGNALS.preemptions.names[0].name, decode(ctx), perMinute(over(v.VllmPreemptions.threshold)))],
    silent: [counter(SIGNALS.preemptions.names[0].name, decode(ctx), perMinute(under(v.VllmPreemptions.threshold)))],
    labels: { namespace: FIXTURE_NAMESPACE, model_name: FIXTURE_MODEL, pod: decode(ctx).pod },
  },
});

export const VLLM_ERROR_RATE_HIGH: AlertRule = (ctx, v) => ({
  name: 'VllmErrorRateHigh',
  severity: 'critical',
  expr: andOn(
    above(ratio(failed(ctx), finished(ctx)), v.VllmErrorRateHigh.threshold),
    above(finished(ctx), v.VllmErrorRateHigh.minVolume),
    MODEL_KEY
  ),
  for: v.VllmErrorRateHigh.for,
  summary: `More than ${v.VllmErrorRateHigh.threshold * 100} % of requests to {{ $labels.model_name }} abort or fail`,
  description:
    'Requests end in abort or error. Read the vLLM and router logs for the cause (timeouts, OOM, client disconnects) and roll back a recent change if one coincides.',
  runbook: {
    meaning: `Share of finished requests with finished_reason abort or error above ${v.VllmErrorRateHigh.threshold} for ${v.VllmErrorRateHigh.for}, with at least ${v.VllmErrorRateHigh.minVolume} requests/s.`,
    confirm: 'Overview page: requests by finished reason. Logs of the vLLM pods and the router.',
    action:
      'Errors: check pod logs for CUDA/OOM errors and restarts. Aborts: clients or the gateway time out, usually because latency rose; follow the latency alerts.',
  },
  test: {
    firing: finishedShare(
      success,
      decode(ctx),
      'error',
      over(v.VllmErrorRateHigh.threshold, true),
      volume(v.VllmErrorRateHigh.minVolume)
    ),
    silent: finishedShare(
      success,
      decode(ctx),
      'abort',
      under(v.VllmErrorRateHigh.threshold),
      volume(v.VllmErrorRateHigh.minVolume)
    ),
    lowVolume: finishedShare(
      success,
      decode(ctx),
      'error',
      over(v.VllmErrorRateHigh.threshold, true),
      volume(v.VllmErrorRateHigh.minVolume, true)
    ),
    labels: modelLabels,
  },
});

export const VLLM_NO_ENGINE_METRICS: AlertRule = (ctx, v) => ({
  name: 'VllmNoEngineMetrics',
  severity: 'critical',
  // An SGLang fleet has no vLLM series by design: its running-requests gauge (metrics/upstream/sglang.json,
  // sgl-project/sglang python/sglang/srt/metrics/collector.py) keeps the rule quiet there.
  expr: onNothing('unless', absent(gauge(ctx, SIGNALS.requestsRunning)), agg('count', [], selector(SGLANG_RUNNING))),
  for: v.VllmNoEngineMetrics.for,
  summary: 'No vLLM engine reports metrics',
  description:
    'Prometheus holds no vLLM engine series (nor SGLang ones): every engine is down or no longer scraped. Check the vLLM pods and the PodMonitor / scrape job.',
  runbook: {
    meaning: 'absent(vllm:num_requests_running) for 5 minutes, and no SGLang engine either: not one engine is scraped.',
    confirm: 'Scrape health page; Prometheus targets page; kubectl get pods of the deployment.',
    action: 'Restart or reschedule the pods; fix the PodMonitor selector or the scrape job if the pods run.',
  },
  test: {
    firing: [gaugeSeries('up', { job: 'other', instance: 'x:1' }, 1)],
    silent: [gaugeSeries(SIGNALS.requestsRunning.names[0].name, decode(ctx), 3)],
    labels: {},
  },
});

export const VLLM_TARGET_DOWN: AlertRule = (ctx, v) => ({
  name: 'VllmTargetDown',
  severity: 'warning',
  expr: below(agg('min', ['namespace', 'pod', 'job', 'instance'], selector('up', [roleSelector(ctx)])), 1),
  for: v.VllmTargetDown.for,
  summary: 'vLLM pod {{ $labels.pod }} is not scraped',
  description:
    'Prometheus cannot scrape this prefill/decode pod. Check whether the pod is running and ready and its metrics port answers; a hung engine also stops answering.',
  runbook: {
    meaning: 'up is 0 for a target carrying the prefill/decode role label, for 5 minutes.',
    confirm: 'Scrape health page; Prometheus targets page for the scrape error.',
    action:
      'kubectl describe / logs of the pod; restart it if the engine hangs. If the pod is gone, the alert resolves once the target disappears.',
  },
  test: {
    firing: [gaugeSeries('up', { ...decode(ctx), job: 'vllm', instance: '10.0.0.1:8000' }, 0)],
    silent: [gaugeSeries('up', { ...decode(ctx), job: 'vllm', instance: '10.0.0.1:8000' }, 1)],
    labels: { namespace: FIXTURE_NAMESPACE, pod: decode(ctx).pod, job: 'vllm', instance: '10.0.0.1:8000' },
  },
});

export const VLLM_PREFIX_CACHE_HIT_RATE_LOW: AlertRule = (ctx, v) => ({
  name: 'VllmPrefixCacheHitRateLow',
  severity: 'warning',
  expr: andOn(
    below(ratio(hits(ctx), queries(ctx)), v.VllmPrefixCacheHitRateLow.threshold),
    above(queries(ctx), v.VllmPrefixCacheHitRateLow.minVolume),
    MODEL_KEY
  ),
  for: v.VllmPrefixCacheHitRateLow.for,
  summary: `Prefix cache hit rate on prefill pods of {{ $labels.model_name }} below ${v.VllmPrefixCacheHitRateLow.threshold * 100} %`,
  description:
    'Prefill recomputes prompts it has seen. Check that the router uses prefix-aware scoring and that the cache is not too small; a traffic mix change also explains it.',
  runbook: {
    meaning: `Local prefix cache hits / queries on prefill pods below ${v.VllmPrefixCacheHitRateLow.threshold} for ${v.VllmPrefixCacheHitRateLow.for} while they look up more than ${v.VllmPrefixCacheHitRateLow.minVolume} tokens/s. Decode pods are left out: with P/D their KV arrives by transfer.`,
    confirm: 'Overview page: prefix cache hit rate per role; router (EPP) prefix scorer settings.',
    action:
      'Enable or weight the prefix-cache scorer in the endpoint picker; give the KV cache more memory; accept it if prompts no longer share prefixes.',
  },
  test: belowShareTest(
    (share, total) => partOf(SIGNALS.prefixCacheQueries, SIGNALS.prefixCacheHits, prefill(ctx), share, total),
    v.VllmPrefixCacheHitRateLow
  ),
});

export const VLLM_SPEC_DECODE_ACCEPTANCE_LOW: AlertRule = (ctx, v) => ({
  name: 'VllmSpecDecodeAcceptanceLow',
  severity: 'warning',
  expr: andOn(
    below(ratio(accepted(ctx), drafts(ctx)), v.VllmSpecDecodeAcceptanceLow.threshold),
    above(drafts(ctx), v.VllmSpecDecodeAcceptanceLow.minVolume),
    MODEL_KEY
  ),
  for: v.VllmSpecDecodeAcceptanceLow.for,
  summary: `Speculative decoding accepts under ${v.VllmSpecDecodeAcceptanceLow.threshold * 100} % of drafts for {{ $labels.model_name }}`,
  description:
    'Draft tokens are mostly rejected, so speculation costs more than it saves. Check the draft model / MTP head matches the served model, or reduce num_speculative_tokens.',
  runbook: {
    meaning: `Accepted / proposed draft tokens below ${v.VllmSpecDecodeAcceptanceLow.threshold} for ${v.VllmSpecDecodeAcceptanceLow.for} with at least ${v.VllmSpecDecodeAcceptanceLow.minVolume} draft tokens/s.`,
    confirm: 'Overview page: speculative decoding acceptance.',
    action:
      'Verify the speculative config after model upgrades; lower num_speculative_tokens or turn speculation off for this workload.',
  },
  test: belowShareTest(
    (share, total) => partOf(SIGNALS.specDraftTokens, SIGNALS.specAcceptedTokens, decode(ctx), share, total),
    v.VllmSpecDecodeAcceptanceLow
  ),
});

export function servingAlerts(ctx: QueryContext, v: Record<string, AlertValues>): AlertRuleSpec[] {
  return [
    ...[
      VLLM_TTFT_P99_HIGH,
      VLLM_TTFT_P99_CRITICAL,
      VLLM_INTER_TOKEN_LATENCY_HIGH,
      VLLM_E2E_LATENCY_P95_HIGH,
      VLLM_REQUESTS_QUEUED,
      VLLM_KV_CACHE_PRESSURE,
      VLLM_KV_CACHE_EXHAUSTED,
      VLLM_PREEMPTIONS,
      VLLM_ERROR_RATE_HIGH,
      VLLM_NO_ENGINE_METRICS,
      VLLM_TARGET_DOWN,
      VLLM_PREFIX_CACHE_HIT_RATE_LOW,
      VLLM_SPEC_DECODE_ACCEPTANCE_LOW,
    ].map((rule) => rule(ctx, v)),
    ...routerAlerts(ctx, v),
  ];
}

/** Finished requests at `total` per minute, a `share` of them ending with `reason`, the rest with stop. */
function finishedShare(metric: string, labels: Record<string, string>, reason: string, share: number, total: number) {
  return [
    counter(metric, { ...labels, finished_reason: 'stop' }, total * (1 - share)),
    counter(metric, { ...labels, finished_reason: reason }, total * share),
  ];
}

/**
 * The promtool cases of an alert on a share falling below its threshold: below it at volume (fires), just over it
 * at volume (silent), below it short of the minimum volume (silent), each from `series(share, total)`.
 */
function belowShareTest(series: (share: number, total: number) => InputSeries[], v: AlertValues): AlertTest {
  return {
    firing: series(under(v.threshold), volume(v.minVolume)),
    silent: series(over(v.threshold, true), volume(v.minVolume)),
    lowVolume: series(under(v.threshold), volume(v.minVolume, true)),
    labels: modelLabels,
  };
}

/** A counter pair where `part` grows at `share` of `whole` (hits of queries, accepted of drafted). */
function partOf(
  whole: typeof SIGNALS.ttft,
  part: typeof SIGNALS.ttft,
  labels: Record<string, string>,
  share: number,
  total: number
) {
  return [counter(whole.names[0].name, labels, total), counter(part.names[0].name, labels, total * share)];
}
