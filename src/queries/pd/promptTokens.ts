/**
 * Where prompt tokens come from. vLLM counts prompt tokens by source: computed here (`local_compute`), found
 * in the local prefix cache (`local_cache_hit`) or received from another instance (`external_kv_transfer`).
 * Only the first is prefill work, which is why `vllm:prompt_tokens_total` alone overstates prefill throughput
 * on decode pods.
 *
 * The sources overlap by one token per fully cached request (vllm-project/vllm vllm/v1/metrics/stats.py,
 * PromptTokenStats.update_from_output): when every prompt token is cached the scheduler recomputes the last
 * one, so a decode request whose N prompt tokens all arrived by KV transfer counts external_kv_transfer = N
 * and local_compute = 1, and the three sources add up to N + 1 (prompt_tokens_cached_total counts N - 1).
 * Decode therefore computes about one prompt token per transferred request, never zero.
 */
import { SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import { clampMin, eq, Expr, num, ratio, scalarVector, sub, sumBy, whileDataExists } from '../promql';
import { ROLE_LABEL } from '../role';
import { rateOf } from '../select';
import { gatedQuery, RecordedQuery, recordedCounter, RECORDING_WINDOW } from '../recorded';
import { onRole, ratioByRole, sumByRole } from './scope';

export type PromptSource = 'local_compute' | 'local_cache_hit' | 'external_kv_transfer';

export const SOURCE_LABEL = 'source';

/** rate() of prompt tokens by source; every source when none is named. */
export function promptTokensRate(ctx: QueryContext, source?: PromptSource): Expr {
  return rateOf(ctx, SIGNALS.promptTokensBySource, source ? [eq(SOURCE_LABEL, source)] : []);
}

/** The metric part of the records below. */
const BY_SOURCE = recordedCounter(SIGNALS.promptTokensBySource);

export const PROMPT_TOKENS_BY_SOURCE_RECORDED: RecordedQuery = {
  record: `role_source:${BY_SOURCE}:rate${RECORDING_WINDOW}`,
  keeps: [ROLE_LABEL, SOURCE_LABEL],
  build: (ctx) => sumByRole(ctx, promptTokensRate(ctx), [SOURCE_LABEL]),
  help: 'Prompt tokens per second by role and source (P/D page: prompt tokens by source and role)',
};

/** Prompt tokens per second by role and source (the three sources add up to all prompt tokens). */
export function promptTokensBySourceByRole(ctx: QueryContext): Expr {
  return gatedQuery(ctx, PROMPT_TOKENS_BY_SOURCE_RECORDED);
}

/** Share of a role's prompt tokens that came from one source, over the window. */
export function promptSourceShareByRole(ctx: QueryContext, source: PromptSource): Expr {
  return ratioByRole(ctx, promptTokensRate(ctx, source), promptTokensRate(ctx));
}

export const DECODE_KV_TRANSFER_SHARE_RECORDED: RecordedQuery = {
  record: `role:${BY_SOURCE}:decode_kv_transfer_share_rate${RECORDING_WINDOW}`,
  keeps: [ROLE_LABEL],
  build: (ctx) => promptSourceShareByRole(onRole(ctx, 'decode'), 'external_kv_transfer'),
  help: "Share of decode pods' prompt tokens that arrived by KV transfer (P/D page: decode prompt tokens by KV transfer)",
};

/** Share of decode pods' prompt tokens that arrived by KV transfer: near 1 when P/D works. */
export function decodeKvTransferShare(ctx: QueryContext): Expr {
  return gatedQuery(ctx, DECODE_KV_TRANSFER_SHARE_RECORDED);
}

/** Prompt tokens decode computes per request whose whole prompt arrived by KV transfer: the last one. */
export const DECODE_COMPUTED_BASELINE = 1;

/** Prompt tokens decode pods computed themselves per finished decode request, summed by `by`. */
export function decodeComputedPerRequestExpr(ctx: QueryContext, by: string[] = ['pod']): Expr {
  const decode = onRole(ctx, 'decode');
  return ratio(sumBy(by, promptTokensRate(decode, 'local_compute')), sumBy(by, rateOf(decode, SIGNALS.requestSuccess)));
}

/** The per-request figure as the P/D page draws it: decode-wide (`fleet`) and per pod, each recorded. */
function perRequestRecorded(level: 'fleet' | 'pod', by: string[]): RecordedQuery {
  return {
    record: `${level}:${BY_SOURCE}:decode_computed_per_request_rate${RECORDING_WINDOW}`,
    keeps: by,
    build: (ctx) => decodeComputedPerRequestExpr(ctx, by),
    help: `Prompt tokens decode pods computed per finished decode request, ${level === 'pod' ? 'per pod' : 'decode-wide'} (P/D page: decode prompt tokens computed per request)`,
  };
}

export const DECODE_COMPUTED_PER_REQUEST_RECORDED = perRequestRecorded('fleet', []);
export const DECODE_COMPUTED_PER_POD_RECORDED = perRequestRecorded('pod', ['pod']);

/** The recorded figure for `by`, if the page draws that one. */
const perRequestFor = (by: string[]): RecordedQuery | undefined =>
  [DECODE_COMPUTED_PER_REQUEST_RECORDED, DECODE_COMPUTED_PER_POD_RECORDED].find((q) => q.keeps.join() === by.join());

/**
 * Prompt tokens decode pods computed themselves, per finished decode request, summed by `by` (per pod by
 * default; none for the decode-wide figure). About 1 when every request arrives by KV transfer. The page's two
 * figures read their records where recorded.
 */
export function decodeRecomputePerRequest(ctx: QueryContext, by: string[] = ['pod']): Expr {
  const recorded = perRequestFor(by);
  return recorded ? gatedQuery(ctx, recorded) : decodeComputedPerRequestExpr(ctx, by);
}

/**
 * Computed prompt tokens per decode request above the baseline of one (never below 0): prefill work decode
 * should not be doing, from requests routed decode-only or whose KV transfer failed or expired.
 */
export function decodeRecomputeExcessExpr(ctx: QueryContext, by: string[] = ['pod']): Expr {
  return clampMin(sub(decodeComputedPerRequestExpr(ctx, by), num(DECODE_COMPUTED_BASELINE)), 0);
}

export const DECODE_RECOMPUTE_EXCESS_RECORDED: RecordedQuery = {
  record: `fleet:${BY_SOURCE}:decode_computed_excess_per_request_rate${RECORDING_WINDOW}`,
  keeps: [],
  build: (ctx) => decodeRecomputeExcessExpr(ctx, []),
  help: 'Prompt tokens decode computed per decode request above the expected one, decode-wide (P/D page: decode prompt tokens computed per request)',
};

/** The excess summed by `by`; the decode-wide one (the page's) reads its record where recorded. */
export function decodeRecomputeExcess(ctx: QueryContext, by: string[] = ['pod']): Expr {
  return by.length === 0 ? gatedQuery(ctx, DECODE_RECOMPUTE_EXCESS_RECORDED) : decodeRecomputeExcessExpr(ctx, by);
}

export const DECODE_COMPUTED_BASELINE_RECORDED: RecordedQuery = {
  record: `fleet:${BY_SOURCE}:decode_computed_expected_per_request_rate${RECORDING_WINDOW}`,
  keeps: [],
  build: (ctx) => whileDataExists(scalarVector(DECODE_COMPUTED_BASELINE), promptTokensRate(onRole(ctx, 'decode'), 'local_compute')),
  help: 'The expected prompt token decode computes per transferred request, while decode pods count tokens by source (P/D page: decode prompt tokens computed per request)',
};

/** The expected line, one computed prompt token per transferred request, while decode pods count tokens by source. */
export function decodeComputedBaseline(ctx: QueryContext): Expr {
  return gatedQuery(ctx, DECODE_COMPUTED_BASELINE_RECORDED);
}

export const TRUE_PREFILL_THROUGHPUT_RECORDED: RecordedQuery = {
  record: `role:${BY_SOURCE}:local_compute_rate${RECORDING_WINDOW}`,
  keeps: [ROLE_LABEL],
  build: (ctx) => sumByRole(ctx, promptTokensRate(ctx, 'local_compute')),
  help: 'Locally computed prompt tokens per second per role (P/D page: true vs naive prefill throughput)',
};

/** Prefill throughput that is real work: locally computed prompt tokens per second, per role. */
export function truePrefillThroughputByRole(ctx: QueryContext): Expr {
  return gatedQuery(ctx, TRUE_PREFILL_THROUGHPUT_RECORDED);
}

export const NAIVE_PROMPT_THROUGHPUT_RECORDED: RecordedQuery = {
  record: `role:${recordedCounter(SIGNALS.promptTokens)}:rate${RECORDING_WINDOW}`,
  keeps: [ROLE_LABEL],
  build: (ctx) => sumByRole(ctx, rateOf(ctx, SIGNALS.promptTokens)),
  help: 'Every prompt token per second per role, however obtained (P/D page: true vs naive prefill throughput)',
};

/** The naive figure most dashboards show: every prompt token per second, however it was obtained. */
export function naivePromptThroughputByRole(ctx: QueryContext): Expr {
  return gatedQuery(ctx, NAIVE_PROMPT_THROUGHPUT_RECORDED);
}

/** The prompt-token records, in the order the P/D page draws them. */
export const PROMPT_TOKENS_RECORDED = [
  PROMPT_TOKENS_BY_SOURCE_RECORDED,
  DECODE_KV_TRANSFER_SHARE_RECORDED,
  DECODE_COMPUTED_PER_REQUEST_RECORDED,
  DECODE_COMPUTED_PER_POD_RECORDED,
  DECODE_COMPUTED_BASELINE_RECORDED,
  DECODE_RECOMPUTE_EXCESS_RECORDED,
  TRUE_PREFILL_THROUGHPUT_RECORDED,
  NAIVE_PROMPT_THROUGHPUT_RECORDED,
];
