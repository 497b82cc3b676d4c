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
import { rateOf } from '../select';
import { onRole, ratioByRole, sumByRole } from './scope';

export type PromptSource = 'local_compute' | 'local_cache_hit' | 'external_kv_transfer';

export const SOURCE_LABEL = 'source';

/** rate() of prompt tokens by source; every source when none is named. */
export function promptTokensRate(ctx: QueryContext, source?: PromptSource): Expr {
  return rateOf(ctx, SIGNALS.promptTokensBySource, source ? [eq(SOURCE_LABEL, source)] : []);
}

/** Prompt tokens per second by role and source (the three sources add up to all prompt tokens). */
export function promptTokensBySourceByRole(ctx: QueryContext): Expr {
  return sumByRole(ctx, promptTokensRate(ctx), [SOURCE_LABEL]);
}

/** Share of a role's prompt tokens that came from one source, over the window. */
export function promptSourceShareByRole(ctx: QueryContext, source: PromptSource): Expr {
  return ratioByRole(ctx, promptTokensRate(ctx, source), promptTokensRate(ctx));
}

/** Share of decode pods' prompt tokens that arrived by KV transfer: near 1 when P/D works. */
export function decodeKvTransferShare(ctx: QueryContext): Expr {
  return promptSourceShareByRole(onRole(ctx, 'decode'), 'external_kv_transfer');
}

/** Prompt tokens decode computes per request whose whole prompt arrived by KV transfer: the last one. */
export const DECODE_COMPUTED_BASELINE = 1;

/** Prompt tokens decode pods computed themselves per finished decode request, summed by `by`. */
export function decodeComputedPerRequestExpr(ctx: QueryContext, by: string[] = ['pod']): Expr {
  const decode = onRole(ctx, 'decode');
  return ratio(sumBy(by, promptTokensRate(decode, 'local_compute')), sumBy(by, rateOf(decode, SIGNALS.requestSuccess)));
}

/**
 * Prompt tokens decode pods computed themselves, per finished decode request, summed by `by` (per pod by
 * default; none for the decode-wide figure). About 1 when every request arrives by KV transfer.
 */
export function decodeRecomputePerRequest(ctx: QueryContext, by: string[] = ['pod']): Expr {
  return decodeComputedPerRequestExpr(ctx, by);
}

/**
 * Computed prompt tokens per decode request above the baseline of one (never below 0): prefill work decode
 * should not be doing, from requests routed decode-only or whose KV transfer failed or expired.
 */
export function decodeRecomputeExcessExpr(ctx: QueryContext, by: string[] = ['pod']): Expr {
  return clampMin(sub(decodeComputedPerRequestExpr(ctx, by), num(DECODE_COMPUTED_BASELINE)), 0);
}

export function decodeRecomputeExcess(ctx: QueryContext, by: string[] = ['pod']): Expr {
  return decodeRecomputeExcessExpr(ctx, by);
}

/** The expected line, one computed prompt token per transferred request, while decode pods count tokens by source. */
export function decodeComputedBaseline(ctx: QueryContext): Expr {
  return whileDataExists(scalarVector(DECODE_COMPUTED_BASELINE), promptTokensRate(onRole(ctx, 'decode'), 'local_compute'));
}

/** Prefill throughput that is real work: locally computed prompt tokens per second, per role. */
export function truePrefillThroughputByRole(ctx: QueryContext): Expr {
  return sumByRole(ctx, promptTokensRate(ctx, 'local_compute'));
}

/** The naive figure most dashboards show: every prompt token per second, however it was obtained. */
export function naivePromptThroughputByRole(ctx: QueryContext): Expr {
  return sumByRole(ctx, rateOf(ctx, SIGNALS.promptTokens));
}
