/**
 * Serving health: latency, queues, KV cache, errors and whether vLLM is scraped at all. Thresholds sit above
 * what a healthy P/D deployment shows (decode TTFT includes the remote prefill and KV transfer; e2e grows with
 * output length), and every ratio has a traffic floor so an idle model stays quiet.
 */
import { SIGNALS } from '../signals';
import { QueryContext } from '../../queries/context';
import { absent, agg, histogramQuantile, print, ratio, re, selector, sumBy } from '../../queries/promql';
import { withRole } from '../../queries/role';
import { gauge, rateOf } from '../../queries/select';
import { onRole } from '../../queries/pd/scope';
import { above, andOn, below, ENGINE_KEY, MODEL_KEY, POD_KEY, ROLE_KEY } from './exprs';
import { counter, engineLabels, FIXTURE_MODEL, FIXTURE_NAMESPACE, gauge as gaugeSeries, histogramAt } from './fixtures';
import { AlertRuleSpec } from './types';

const SGLANG_RUNNING = 'sglang:num_running_reqs';

const TTFT_BOUNDS = [0.25, 0.5, 1, 2.5, 5, 7.5, 10, 20, 40];
const ITL_BOUNDS = [0.025, 0.05, 0.1, 0.25, 0.5, 1];
const E2E_BOUNDS = [30, 60, 120, 240, 480, 960];

function quantileByRole(ctx: QueryContext, signal = SIGNALS.ttft, q = 0.99) {
  return histogramQuantile(q, sumBy(['le', ...ROLE_KEY], withRole(rateOf(ctx, signal, [], '_bucket'), ctx.role)));
}

export function servingAlerts(ctx: QueryContext): AlertRuleSpec[] {
  const m = ctx.role;
  const decode = engineLabels(m, 'decode');
  const prefill = engineLabels(m, 'prefill');
  const roleLabels = (role: 'prefill' | 'decode') => ({ namespace: FIXTURE_NAMESPACE, model_name: FIXTURE_MODEL, role });
  const modelLabels = { namespace: FIXTURE_NAMESPACE, model_name: FIXTURE_MODEL };
  const ttft = SIGNALS.ttft.names[0].name;
  const itl = SIGNALS.itl.names[0].name;
  const e2e = SIGNALS.e2eLatency.names[0].name;
  const waiting = SIGNALS.requestsWaiting.names[0].name;
  const kv = SIGNALS.kvCacheUsage.names[0].name;
  const success = SIGNALS.requestSuccess.names[0].name;
  const decodeEngine = { namespace: FIXTURE_NAMESPACE, model_name: FIXTURE_MODEL, pod: decode.pod, engine: decode.engine };

  const failed = sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.requestSuccess, [re('finished_reason', 'abort|error')]));
  const finished = sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.requestSuccess));
  const prefillCtx = onRole(ctx, 'prefill');
  const hits = sumBy(MODEL_KEY, rateOf(prefillCtx, SIGNALS.prefixCacheHits));
  const queries = sumBy(MODEL_KEY, rateOf(prefillCtx, SIGNALS.prefixCacheQueries));
  const drafts = sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.specDraftTokens));
  const accepted = sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.specAcceptedTokens));
  const roleSelector = re(m.label, `(${m.prefill})|(${m.decode})`);

  return [
    {
      name: 'VllmTtftP99High',
      severity: 'warning',
      expr: print(above(quantileByRole(ctx), 3)),
      for: '10m',
      summary: 'TTFT p99 above 3 s on {{ $labels.role }} pods of {{ $labels.model_name }}',
      description:
        'Users wait long for the first token. Check queues and KV cache on the Overview page; on decode, check KV transfer latency; add replicas of the slow role if load grew.',
      runbook: {
        meaning: 'The 99th percentile of time to first token, per role, stayed above 3 s for 10 minutes. On decode pods TTFT includes the remote prefill and the KV transfer.',
        confirm: 'Overview and Prefill/Decode pages, TTFT by role; compare queue time and prefill time quantiles to see where the time goes.',
        action: 'If the queue grows, scale out the role whose queue grows. If NIXL latency grew, see NixlTransferLatencyHigh. If prefill time grew with prompt length, consider more prefill replicas.',
      },
      test: {
        firing: histogramAt(`${ttft}`, decode, TTFT_BOUNDS, 4),
        silent: histogramAt(`${ttft}`, decode, TTFT_BOUNDS, 0.6),
        labels: roleLabels('decode'),
      },
    },
    {
      name: 'VllmTtftP99Critical',
      severity: 'critical',
      expr: print(above(quantileByRole(ctx), 10)),
      for: '5m',
      summary: 'TTFT p99 above 10 s on {{ $labels.role }} pods of {{ $labels.model_name }}',
      description:
        'First tokens take more than 10 s: the deployment is effectively down for interactive use. Find the saturated role (queues, KV cache, NIXL) and scale it or shed load now.',
      runbook: {
        meaning: 'TTFT p99 per role above 10 s for 5 minutes.',
        confirm: 'Overview page: waiting requests and KV cache usage per role; Prefill/Decode page: NIXL failures and transfer time.',
        action: 'Scale the saturated role, or reduce admitted load at the router. If KV transfer fails, fix NIXL first (see NixlTransferFailures).',
      },
      test: {
        firing: histogramAt(`${ttft}`, prefill, TTFT_BOUNDS, 15),
        silent: histogramAt(`${ttft}`, prefill, TTFT_BOUNDS, 4),
        labels: roleLabels('prefill'),
      },
    },
    {
      name: 'VllmInterTokenLatencyHigh',
      severity: 'warning',
      expr: print(above(quantileByRole(ctx, SIGNALS.itl), 0.25)),
      for: '10m',
      summary: 'Inter-token latency p99 above 250 ms on {{ $labels.role }} pods of {{ $labels.model_name }}',
      description:
        'Streaming is slow. Look for oversized decode batches, a straggling DP rank (Wide EP page) or prefill work on decode pods; add decode capacity if batches are full.',
      runbook: {
        meaning: 'The 99th percentile of the time between output tokens stayed above 250 ms for 10 minutes.',
        confirm: 'Wide EP page: per-rank throughput (a straggler slows the whole EP group); Prefill/Decode page: local compute on decode.',
        action: 'Replace or drain a straggling GPU; stop prefill work on decode (see PdDecodeRecomputingPrefill); add decode replicas.',
      },
      test: {
        firing: histogramAt(`${itl}`, decode, ITL_BOUNDS, 0.4),
        silent: histogramAt(`${itl}`, decode, ITL_BOUNDS, 0.04),
        labels: roleLabels('decode'),
      },
    },
    {
      name: 'VllmE2eLatencyP95High',
      severity: 'warning',
      expr: print(above(quantileByRole(ctx, SIGNALS.e2eLatency, 0.95), 180)),
      for: '15m',
      summary: 'End-to-end latency p95 above 3 minutes on {{ $labels.role }} pods of {{ $labels.model_name }}',
      description:
        'Requests take very long end to end. Check whether output lengths grew (then it is demand, not a fault) or TTFT / inter-token latency grew, and act on that alert.',
      runbook: {
        meaning: 'The 95th percentile of request latency stayed above 180 s for 15 minutes. It grows with output length, so tune the threshold to your workload.',
        confirm: 'Overview page: e2e latency next to TTFT and inter-token latency, and generated tokens per request.',
        action: 'If TTFT or inter-token latency is high, follow that runbook. If outputs simply got longer, raise the threshold or cap max_tokens.',
      },
      test: {
        firing: histogramAt(`${e2e}`, decode, E2E_BOUNDS, 300),
        silent: histogramAt(`${e2e}`, decode, E2E_BOUNDS, 40),
        labels: roleLabels('decode'),
      },
    },
    {
      name: 'VllmRequestsQueued',
      severity: 'warning',
      expr: print(above(agg('max', ENGINE_KEY, gauge(ctx, SIGNALS.requestsWaiting)), 10)),
      for: '10m',
      summary: 'More than 10 requests waiting on {{ $labels.pod }} engine {{ $labels.engine }}',
      description:
        'An engine cannot admit its requests. Check its KV cache usage and preemptions; scale out its role or rebalance routing.',
      runbook: {
        meaning: 'vllm:num_requests_waiting of one engine stayed above 10 for 10 minutes.',
        confirm: 'Overview page: waiting requests per engine, KV cache usage; Prefill/Decode page: waiting by reason (capacity or deferred).',
        action: 'Capacity: add replicas of that role. Deferred: KV transfers are slow or failing (see PdDeferredRequestsPiling). One engine only: check the router scorer and that engine.',
      },
      test: {
        firing: [gaugeSeries(waiting, decode, 25)],
        silent: [gaugeSeries(waiting, decode, 2)],
        labels: decodeEngine,
      },
    },
    {
      name: 'VllmKvCachePressure',
      severity: 'warning',
      expr: print(above(agg('max', ENGINE_KEY, gauge(ctx, SIGNALS.kvCacheUsage)), 0.9)),
      for: '15m',
      summary: 'KV cache over 90 % on {{ $labels.pod }} engine {{ $labels.engine }}',
      description:
        'The engine is close to preempting requests. Add replicas of its role, lower max_num_seqs, or raise gpu_memory_utilization if memory allows.',
      runbook: {
        meaning: 'vllm:kv_cache_usage_perc (a 0..1 fraction) above 0.9 for 15 minutes.',
        confirm: 'Overview page: KV cache usage per engine and preemptions.',
        action: 'Add replicas of the role; reduce the maximum batch size or context length; check for very long prompts.',
      },
      test: {
        firing: [gaugeSeries(kv, decode, 0.95)],
        silent: [gaugeSeries(kv, decode, 0.6)],
        labels: decodeEngine,
      },
    },
    {
      name: 'VllmKvCacheExhausted',
      severity: 'critical',
      expr: print(above(agg('max', ENGINE_KEY, gauge(ctx, SIGNALS.kvCacheUsage)), 0.98)),
      for: '5m',
      summary: 'KV cache full on {{ $labels.pod }} engine {{ $labels.engine }}',
      description:
        'The KV cache is full: requests are preempted and recomputed and latency climbs. Shed load or add capacity for this role now.',
      runbook: {
        meaning: 'KV cache usage above 0.98 for 5 minutes.',
        confirm: 'Overview page: KV cache usage and preemptions per engine.',
        action: 'Scale out the role, lower max_num_seqs, or route fewer long-context requests to it.',
      },
      test: {
        firing: [gaugeSeries(kv, decode, 0.99)],
        silent: [gaugeSeries(kv, decode, 0.95)],
        labels: decodeEngine,
      },
    },
    {
      name: 'VllmPreemptions',
      severity: 'warning',
      expr: print(above(sumBy(POD_KEY, rateOf(ctx, SIGNALS.preemptions)), 0.1)),
      for: '15m',
      summary: 'Requests preempted on {{ $labels.pod }}',
      description:
        'The pod preempts more than one request every 10 s for lack of KV cache; preempted work is recomputed. Add capacity or reduce the batch size.',
      runbook: {
        meaning: 'rate(vllm:num_preemptions_total[5m]) summed per pod above 0.1/s for 15 minutes.',
        confirm: 'Overview page: preemptions and KV cache usage.',
        action: 'As for VllmKvCachePressure: more replicas, smaller batches, shorter contexts.',
      },
      test: {
        firing: [counter(SIGNALS.preemptions.names[0].name, decode, 30)],
        silent: [counter(SIGNALS.preemptions.names[0].name, decode, 1)],
        labels: { namespace: FIXTURE_NAMESPACE, model_name: FIXTURE_MODEL, pod: decode.pod },
      },
    },
    {
      name: 'VllmErrorRateHigh',
      severity: 'critical',
      expr: print(andOn(above(ratio(failed, finished), 0.05), above(finished, 0.1), MODEL_KEY)),
      for: '5m',
      summary: 'More than 5 % of requests to {{ $labels.model_name }} abort or fail',
      description:
        'Requests end in abort or error. Read the vLLM and router logs for the cause (timeouts, OOM, client disconnects) and roll back a recent change if one coincides.',
      runbook: {
        meaning: 'Share of finished requests with finished_reason abort or error above 5 % for 5 minutes, with at least 0.1 requests/s.',
        confirm: 'Overview page: requests by finished reason. Logs of the vLLM pods and the router.',
        action: 'Errors: check pod logs for CUDA/OOM errors and restarts. Aborts: clients or the gateway time out, usually because latency rose; follow the latency alerts.',
      },
      test: {
        firing: [
          counter(success, { ...decode, finished_reason: 'stop' }, 60),
          counter(success, { ...decode, finished_reason: 'error' }, 10),
        ],
        silent: [
          counter(success, { ...decode, finished_reason: 'stop' }, 60),
          counter(success, { ...decode, finished_reason: 'abort' }, 1),
        ],
        labels: modelLabels,
      },
    },
    {
      name: 'VllmNoEngineMetrics',
      severity: 'critical',
      // An SGLang fleet has no vLLM series by design: its running-requests gauge (metrics/upstream/sglang.json,
      // sgl-project/sglang python/sglang/srt/metrics/collector.py) keeps the rule quiet there.
      expr: `${print(absent(gauge(ctx, SIGNALS.requestsRunning)))} unless on() count(${SGLANG_RUNNING})`,
      for: '5m',
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
        silent: [gaugeSeries(SIGNALS.requestsRunning.names[0].name, decode, 3)],
        labels: {},
      },
    },
    {
      name: 'VllmTargetDown',
      severity: 'warning',
      expr: print(below(agg('min', ['namespace', 'pod', 'job', 'instance'], selector('up', [roleSelector])), 1)),
      for: '5m',
      summary: 'vLLM pod {{ $labels.pod }} is not scraped',
      description:
        'Prometheus cannot scrape this prefill/decode pod. Check whether the pod is running and ready and its metrics port answers; a hung engine also stops answering.',
      runbook: {
        meaning: 'up is 0 for a target carrying the prefill/decode role label, for 5 minutes.',
        confirm: 'Scrape health page; Prometheus targets page for the scrape error.',
        action: 'kubectl describe / logs of the pod; restart it if the engine hangs. If the pod is gone, the alert resolves once the target disappears.',
      },
      test: {
        firing: [gaugeSeries('up', { ...decode, job: 'vllm', instance: '10.0.0.1:8000' }, 0)],
        silent: [gaugeSeries('up', { ...decode, job: 'vllm', instance: '10.0.0.1:8000' }, 1)],
        labels: { namespace: FIXTURE_NAMESPACE, pod: decode.pod, job: 'vllm', instance: '10.0.0.1:8000' },
      },
    },
    {
      name: 'VllmPrefixCacheHitRateLow',
      severity: 'warning',
      expr: print(andOn(below(ratio(hits, queries), 0.05), above(queries, 1000), MODEL_KEY)),
      for: '30m',
      summary: 'Prefix cache hit rate on prefill pods of {{ $labels.model_name }} below 5 %',
      description:
        'Prefill recomputes prompts it has seen. Check that the router uses prefix-aware scoring and that the cache is not too small; a traffic mix change also explains it.',
      runbook: {
        meaning: 'Local prefix cache hits / queries on prefill pods below 5 % for 30 minutes while they look up more than 1000 tokens/s. Decode pods are left out: with P/D their KV arrives by transfer.',
        confirm: 'Overview page: prefix cache hit rate per role; router (EPP) prefix scorer settings.',
        action: 'Enable or weight the prefix-cache scorer in the endpoint picker; give the KV cache more memory; accept it if prompts no longer share prefixes.',
      },
      test: {
        firing: [
          counter(SIGNALS.prefixCacheQueries.names[0].name, prefill, 600000),
          counter(SIGNALS.prefixCacheHits.names[0].name, prefill, 6000),
        ],
        silent: [
          counter(SIGNALS.prefixCacheQueries.names[0].name, prefill, 600000),
          counter(SIGNALS.prefixCacheHits.names[0].name, prefill, 200000),
        ],
        labels: modelLabels,
      },
    },
    {
      name: 'VllmSpecDecodeAcceptanceLow',
      severity: 'warning',
      expr: print(andOn(below(ratio(accepted, drafts), 0.4), above(drafts, 10), MODEL_KEY)),
      for: '30m',
      summary: 'Speculative decoding accepts under 40 % of drafts for {{ $labels.model_name }}',
      description:
        'Draft tokens are mostly rejected, so speculation costs more than it saves. Check the draft model / MTP head matches the served model, or reduce num_speculative_tokens.',
      runbook: {
        meaning: 'Accepted / proposed draft tokens below 0.4 for 30 minutes with at least 10 draft tokens/s.',
        confirm: 'Overview page: speculative decoding acceptance.',
        action: 'Verify the speculative config after model upgrades; lower num_speculative_tokens or turn speculation off for this workload.',
      },
      test: {
        firing: [
          counter(SIGNALS.specDraftTokens.names[0].name, decode, 6000),
          counter(SIGNALS.specAcceptedTokens.names[0].name, decode, 1200),
        ],
        silent: [
          counter(SIGNALS.specDraftTokens.names[0].name, decode, 6000),
          counter(SIGNALS.specAcceptedTokens.names[0].name, decode, 4200),
        ],
        labels: modelLabels,
      },
    },
  ];
}
