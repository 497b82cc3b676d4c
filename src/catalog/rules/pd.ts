/**
 * Prefill/decode disaggregation: decode doing prefill work, KV transfer over NIXL failing or slow, one role
 * starving the other. Decode-side conditions select decode pods through the role mapping.
 */
import { SIGNALS } from '../../queries/signals/signals';
import { QueryContext } from '../../queries/context';
import { add, agg, eq, histogramQuantile, or, ratio, sumBy } from '../../queries/promql';
import { gauge, rateOf } from '../../queries/select';
import { onRole } from '../../queries/pd/scope';
import { bucketRates } from '../../queries/serving';
import { decodeRecomputeExcessExpr, promptTokensRate } from '../../queries/pd/promptTokens';
import { above, andOn, below, MODEL_KEY, POD_KEY, tag } from './exprs';
import {
  counter,
  engineLabels,
  FIXTURE_MODEL,
  FIXTURE_NAMESPACE,
  gauge as gaugeSeries,
  gaugeAcrossTest,
  histogramAcross,
  histogramAcrossTest,
  histogramAt,
  over,
  perMinute,
  under,
} from './fixtures';
import { AlertRule, AlertRuleSpec } from './types';
import { AlertValues } from './values';

const XFER_BOUNDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

const decodeCtx = (ctx: QueryContext) => onRole(ctx, 'decode');
const prefillCtx = (ctx: QueryContext) => onRole(ctx, 'prefill');
const decode = (ctx: QueryContext) => engineLabels(ctx.role, 'decode');
const prefill = (ctx: QueryContext) => engineLabels(ctx.role, 'prefill');
const modelLabels = { namespace: FIXTURE_NAMESPACE, model_name: FIXTURE_MODEL };
const bySource = SIGNALS.promptTokensBySource.names[0].name;
const tokens = (labels: Record<string, string>, perMinute: Record<string, number>) =>
  Object.entries(perMinute).map(([source, n]) => counter(bySource, { ...labels, source }, n));
const decodePrompt = (ctx: QueryContext) => sumBy(MODEL_KEY, promptTokensRate(decodeCtx(ctx)));
const decodeExcess = (ctx: QueryContext) => decodeRecomputeExcessExpr(ctx, MODEL_KEY);
const decodeRequests = (ctx: QueryContext) => sumBy(MODEL_KEY, rateOf(decodeCtx(ctx), SIGNALS.requestSuccess));
const success = SIGNALS.requestSuccess.names[0].name;
const decodeTransferred = (ctx: QueryContext) =>
  sumBy(MODEL_KEY, promptTokensRate(decodeCtx(ctx), 'external_kv_transfer'));
const failed = (ctx: QueryContext) => sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.nixlFailedTransfers));
const transfers = (ctx: QueryContext) => sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.nixlXferTime, [], '_count'));
const prefillWaiting = (ctx: QueryContext) => agg('avg', MODEL_KEY, gauge(prefillCtx(ctx), SIGNALS.requestsWaiting));
const decodeWaiting = (ctx: QueryContext) => agg('avg', MODEL_KEY, gauge(decodeCtx(ctx), SIGNALS.requestsWaiting));
const decodeKv = (ctx: QueryContext) => agg('max', POD_KEY, gauge(decodeCtx(ctx), SIGNALS.kvCacheUsage));
const decodePreemptions = (ctx: QueryContext) => sumBy(POD_KEY, rateOf(decodeCtx(ctx), SIGNALS.preemptions));
const deferred = (ctx: QueryContext) =>
  sumBy(POD_KEY, gauge(decodeCtx(ctx), SIGNALS.requestsWaitingByReason, [eq('reason', 'deferred')]));
const waiting = SIGNALS.requestsWaiting.names[0].name;
const decodePod = (ctx: QueryContext) => ({ ...modelLabels, pod: decode(ctx).pod });
/** Counter growth per minute: three times a minimum volume, or a tenth of it for the low-volume case. */
const volume = (minVolume: number, low = false) => perMinute(Math.max(minVolume, 0.01) * (low ? 0.1 : 3));
/** Decode prompt tokens at `total` per minute, `share` of them by KV transfer, the rest computed locally. */
const transferred = (ctx: QueryContext, share: number, total: number) =>
  tokens(decode(ctx), { local_compute: total * (1 - share), external_kv_transfer: total * share });
/** NIXL transfers at `total` per minute, `share` of them failed. */
const nixl = (ctx: QueryContext, share: number, total: number) => [
  counter(SIGNALS.nixlFailedTransfers.names[0].name, decode(ctx), total * share),
  ...histogramAt(SIGNALS.nixlXferTime.names[0].name, decode(ctx), XFER_BOUNDS, 0.03, total * (1 - share)),
];

export const PD_DECODE_RECOMPUTING_PREFILL: AlertRule = (ctx) => ({
  name: 'PdDecodeRecomputingPrefill',
  severity: 'warning',
  // The excess over the one token vLLM recomputes per fully transferred prompt, with a request-rate floor.
  expr: andOn(above(decodeExcess(ctx), 128), above(decodeRequests(ctx), 0.1), MODEL_KEY),
  for: '10m',
  summary:
    'Decode pods of {{ $labels.model_name }} compute more than 128 prompt tokens per request beyond the expected one',
  description:
    'Decode is doing prefill work: the router sends decode-only requests or KV transfers fail and are recomputed. Check the router P/D decisions and NIXL failures.',
  runbook: {
    meaning:
      'On decode pods, locally computed prompt tokens (source local_compute) per finished request exceed the baseline of 1 (vLLM recomputes the last token of a prompt that arrived whole by KV transfer) by more than 128 for 10 minutes, with at least 0.1 requests/s.',
    confirm:
      'Prefill/Decode page: decode prompt tokens computed per request against the expected line, router decisions (decode-only share) and NIXL failures.',
    action:
      "Raise the router's P/D threshold so short prompts still go through prefill, or fix NIXL (see NixlTransferFailures). Expect it briefly after a prefill outage.",
  },
  test: {
    // 600 requests a minute: 300 computed tokens each fires; the one-token baseline stays silent.
    firing: [
      ...tokens(decode(ctx), { local_compute: 180000, local_cache_hit: 0, external_kv_transfer: 1200000 }),
      counter(success, decode(ctx), 600),
    ],
    silent: [
      ...tokens(decode(ctx), { local_compute: 600, local_cache_hit: 0, external_kv_transfer: 1200000 }),
      counter(success, decode(ctx), 600),
    ],
    labels: modelLabels,
  },
});

export const PD_KV_TRANSFER_SHARE_LOW: AlertRule = (ctx, v) => {
  const share = v.PdKvTransferShareLow;
  return {
    name: 'PdKvTransferShareLow',
    severity: 'warning',
    expr: andOn(
      below(ratio(decodeTransferred(ctx), decodePrompt(ctx)), share.threshold),
      above(decodePrompt(ctx), share.minVolume),
      MODEL_KEY
    ),
    for: share.for,
    summary: `Less than ${share.threshold * 100} % of decode prompt tokens of {{ $labels.model_name }} arrive by KV transfer`,
    description:
      'Disaggregation is not doing its job. See whether decode recomputes (router, NIXL failures) or serves from its local cache; fix the router or the KV connector.',
    runbook: {
      meaning: `external_kv_transfer share of decode prompt tokens below ${share.threshold} for ${share.for}, with more than ${share.minVolume} prompt tokens/s on decode (close to 1 in a healthy P/D deployment where the router disaggregates every request).`,
      confirm: 'Prefill/Decode page: prompt-token sources on decode, router decisions, NIXL failures.',
      action:
        'As for PdDecodeRecomputingPrefill. If the local cache share grew, decode-only routing is serving cached prefixes, which may be intended.',
    },
    test: {
      firing: transferred(ctx, under(share.threshold), volume(share.minVolume)),
      silent: transferred(ctx, over(share.threshold, true), volume(share.minVolume)),
      lowVolume: transferred(ctx, under(share.threshold), volume(share.minVolume, true)),
      labels: modelLabels,
    },
  };
};

export const NIXL_TRANSFER_FAILURES: AlertRule = (ctx, v) => {
  const failures = v.NixlTransferFailures;
  return {
    name: 'NixlTransferFailures',
    severity: 'critical',
    expr: andOn(
      above(ratio(failed(ctx), add(failed(ctx), transfers(ctx))), failures.threshold),
      above(add(failed(ctx), transfers(ctx)), failures.minVolume),
      MODEL_KEY
    ),
    for: failures.for,
    summary: `More than ${failures.threshold * 100} % of NIXL KV transfers fail for {{ $labels.model_name }}`,
    description:
      'KV transfers from prefill to decode fail and decode recomputes the prompt. Check the NIXL/UCX transport (RDMA links, UCX_TLS), prefill pod health and network errors in decode logs.',
    runbook: {
      meaning: `failed / (failed + completed) NIXL transfers above ${failures.threshold} for ${failures.for}, with more than ${failures.minVolume} transfers/s, from vllm:nixl_num_failed_transfers_total and the transfer-time histogram count (decode side). A few failures among a few transfers do not fire.`,
      confirm: 'Prefill/Decode page: NIXL failures and transfer time; decode pod logs for NIXL/UCX errors.',
      action:
        'Check RDMA/InfiniBand link state on the nodes, UCX transport settings, and prefill pods that restarted; restart a decode pod stuck on a broken connection.',
    },
    test: {
      firing: nixl(ctx, over(failures.threshold), volume(failures.minVolume)),
      silent: nixl(ctx, under(failures.threshold), volume(failures.minVolume)),
      lowVolume: nixl(ctx, over(failures.threshold), volume(failures.minVolume, true)),
      labels: modelLabels,
    },
  };
};

export const NIXL_KV_EXPIRED: AlertRule = (ctx, v) => ({
  name: 'NixlKvExpired',
  severity: 'warning',
  expr: above(sumBy(POD_KEY, rateOf(ctx, SIGNALS.nixlExpiredRequests)), v.NixlKvExpired.threshold),
  for: v.NixlKvExpired.for,
  summary: 'KV blocks expire on {{ $labels.pod }} before decode reads them',
  description:
    'Prefill freed KV that decode never fetched, so decode recomputed it. Decode is too slow to pull (queues, failures) or the KV timeout is too short; check decode queues and NIXL failures.',
  runbook: {
    meaning: `rate(vllm:nixl_num_kv_expired_reqs_total[5m]) on a prefill pod above ${v.NixlKvExpired.threshold}/s for ${v.NixlKvExpired.for}.`,
    confirm: 'Prefill/Decode page: expired KV requests, decode waiting (deferred), NIXL failures.',
    action:
      'Fix slow or failing transfers first; raise VLLM_NIXL_ABORT_REQUEST_TIMEOUT if decode is merely busy; add decode capacity.',
  },
  test: {
    firing: [
      counter(SIGNALS.nixlExpiredRequests.names[0].name, prefill(ctx), perMinute(over(v.NixlKvExpired.threshold))),
    ],
    silent: [
      counter(SIGNALS.nixlExpiredRequests.names[0].name, prefill(ctx), perMinute(under(v.NixlKvExpired.threshold))),
    ],
    labels: { ...modelLabels, pod: prefill(ctx).pod },
  },
});

export const NIXL_TRANSFER_LATENCY_HIGH: AlertRule = (ctx, v) => ({
  name: 'NixlTransferLatencyHigh',
  severity: 'warning',
  expr: above(
    histogramQuantile(0.99, bucketRates(ctx, SIGNALS.nixlXferTime, MODEL_KEY)),
    v.NixlTransferLatencyHigh.threshold
  ),
  for: v.NixlTransferLatencyHigh.for,
  summary: `NIXL transfer time p99 above ${v.NixlTransferLatencyHigh.threshold} s for {{ $labels.model_name }}`,
  description:
    'KV transfers are slow, which adds directly to decode TTFT. Check whether NIXL fell back to TCP, link bandwidth and congestion between prefill and decode nodes.',
  runbook: {
    meaning: `The 99th percentile of vllm:nixl_xfer_time_seconds above ${v.NixlTransferLatencyHigh.threshold} s for ${v.NixlTransferLatencyHigh.for}.`,
    confirm: 'Prefill/Decode page: transfer time quantiles and effective bandwidth (bytes / transfer time).',
    action:
      'Verify RDMA is used (UCX_TLS), the NICs are healthy, and prefill/decode pods are placed close together; large prompts legitimately take longer.',
  },
  test: histogramAcrossTest(
    SIGNALS.nixlXferTime.names[0].name,
    decode(ctx),
    v.NixlTransferLatencyHigh.threshold,
    modelLabels,
    120
  ),
});

export const PD_ROLE_IMBALANCE: AlertRule = (ctx, v) => ({
  name: 'PdRoleImbalance',
  severity: 'warning',
  expr: or(
    tag(
      andOn(above(prefillWaiting(ctx), v.PdRoleImbalance.threshold), below(decodeWaiting(ctx), 1), MODEL_KEY),
      'bottleneck',
      'prefill'
    ),
    tag(
      andOn(above(decodeWaiting(ctx), v.PdRoleImbalance.threshold), below(prefillWaiting(ctx), 1), MODEL_KEY),
      'bottleneck',
      'decode'
    )
  ),
  for: v.PdRoleImbalance.for,
  summary: '{{ $labels.bottleneck }} is the bottleneck of {{ $labels.model_name }}',
  description:
    'One role queues requests while the other idles. Shift replicas from the idle role to the {{ $labels.bottleneck }} role (or change the P:D ratio).',
  runbook: {
    meaning: `Average waiting requests per engine above ${v.PdRoleImbalance.threshold} in one role while the other role averages below 1, for ${v.PdRoleImbalance.for}. The bottleneck label names the queuing role.`,
    confirm: 'Prefill/Decode page: queues per role and throughput per role.',
    action:
      "Change the prefill:decode replica ratio toward the bottleneck role; check the router's P/D threshold if prefill is the bottleneck.",
  },
  test: {
    firing: [
      gaugeSeries(waiting, prefill(ctx), over(v.PdRoleImbalance.threshold)),
      gaugeSeries(waiting, decode(ctx), 0),
    ],
    silent: [
      gaugeSeries(waiting, prefill(ctx), under(v.PdRoleImbalance.threshold)),
      gaugeSeries(waiting, decode(ctx), 0),
    ],
    labels: { ...modelLabels, bottleneck: 'prefill' },
  },
});

export const PD_PREFILL_QUEUE_SATURATED: AlertRule = (ctx, v) => ({
  name: 'PdPrefillQueueSaturated',
  severity: 'warning',
  expr: above(
    histogramQuantile(0.95, bucketRates(prefillCtx(ctx), SIGNALS.queueTime, MODEL_KEY)),
    v.PdPrefillQueueSaturated.threshold
  ),
  for: v.PdPrefillQueueSaturated.for,
  summary: `Prefill queue time p95 above ${v.PdPrefillQueueSaturated.threshold} s for {{ $labels.model_name }}`,
  description:
    'Requests wait for prefill longer than they take to prefill. Add prefill replicas or route short prompts decode-only.',
  runbook: {
    meaning: `The 95th percentile of vllm:request_queue_time_seconds on prefill pods above ${v.PdPrefillQueueSaturated.threshold} s for ${v.PdPrefillQueueSaturated.for}.`,
    confirm: 'Prefill/Decode page: prefill queue and queue time; Overview: TTFT by role.',
    action:
      'Scale prefill; lower max_num_batched_tokens contention; raise the router threshold for prefill so more short prompts skip it.',
  },
  test: {
    firing: histogramAcross(SIGNALS.queueTime.names[0].name, prefill(ctx), v.PdPrefillQueueSaturated.threshold, 'over'),
    silent: histogramAcross(
      SIGNALS.queueTime.names[0].name,
      prefill(ctx),
      v.PdPrefillQueueSaturated.threshold,
      'under'
    ),
    labels: modelLabels,
  },
});

export const PD_DECODE_KV_CACHE_CRITICAL: AlertRule = (ctx, v) => ({
  name: 'PdDecodeKvCacheCritical',
  severity: 'critical',
  expr: andOn(above(decodeKv(ctx), v.PdDecodeKvCacheCritical.threshold), above(decodePreemptions(ctx), 0), POD_KEY),
  for: v.PdDecodeKvCacheCritical.for,
  summary: 'Decode pod {{ $labels.pod }} is out of KV cache and preempting',
  description:
    'A decode pod is full and preempts running requests, which then recompute on decode. Add decode replicas or lower the decode batch size now.',
  runbook: {
    meaning: `KV cache usage above ${v.PdDecodeKvCacheCritical.threshold} on a decode pod while it preempts requests, for ${v.PdDecodeKvCacheCritical.for}.`,
    confirm: 'Prefill/Decode page: decode KV cache and preemptions; Overview: inter-token latency.',
    action: 'Scale decode; reduce max_num_seqs on decode; check for outsized contexts routed to it.',
  },
  test: {
    firing: [
      gaugeSeries(SIGNALS.kvCacheUsage.names[0].name, decode(ctx), over(v.PdDecodeKvCacheCritical.threshold, true)),
      counter(SIGNALS.preemptions.names[0].name, decode(ctx), 20),
    ],
    silent: [
      gaugeSeries(SIGNALS.kvCacheUsage.names[0].name, decode(ctx), over(v.PdDecodeKvCacheCritical.threshold, true)),
      counter(SIGNALS.preemptions.names[0].name, decode(ctx), 0),
    ],
    labels: decodePod(ctx),
  },
});

export const PD_DEFERRED_REQUESTS_PILING: AlertRule = (ctx, v) => ({
  name: 'PdDeferredRequestsPiling',
  severity: 'warning',
  expr: above(deferred(ctx), v.PdDeferredRequestsPiling.threshold),
  for: v.PdDeferredRequestsPiling.for,
  summary: 'Requests waiting for KV pile up on decode pod {{ $labels.pod }}',
  description:
    'Decode holds requests whose KV has not arrived. Transfers are slow or stuck: check NIXL latency and failures and the prefill pods feeding this decode pod.',
  runbook: {
    meaning: `vllm:num_requests_waiting_by_reason{reason="deferred"} summed per decode pod above ${v.PdDeferredRequestsPiling.threshold} for ${v.PdDeferredRequestsPiling.for}.`,
    confirm: 'Prefill/Decode page: waiting by reason, NIXL transfer time and failures.',
    action: 'Follow NixlTransferLatencyHigh / NixlTransferFailures; restart a decode pod whose transfers hang.',
  },
  test: gaugeAcrossTest(
    SIGNALS.requestsWaitingByReason.names[0].name,
    { ...decode(ctx), reason: 'deferred' },
    v.PdDeferredRequestsPiling.threshold,
    decodePod(ctx)
  ),
});

export function pdAlerts(ctx: QueryContext, v: Record<string, AlertValues>): AlertRuleSpec[] {
  return [
    PD_DECODE_RECOMPUTING_PREFILL,
    PD_KV_TRANSFER_SHARE_LOW,
    NIXL_TRANSFER_FAILURES,
    NIXL_KV_EXPIRED,
    NIXL_TRANSFER_LATENCY_HIGH,
    PD_ROLE_IMBALANCE,
    PD_PREFILL_QUEUE_SATURATED,
    PD_DECODE_KV_CACHE_CRITICAL,
    PD_DEFERRED_REQUESTS_PILING,
  ].map((rule) => rule(ctx, v));
}
