/**
 * Where prompt tokens come from. vLLM counts every prompt token once, by source: computed here
 * (`local_compute`), found in the local prefix cache (`local_cache_hit`) or received from another instance
 * (`external_kv_transfer`). Only the first is prefill work, which is why `vllm:prompt_tokens_total` alone
 * overstates prefill throughput on decode pods.
 */
import { SIGNALS } from '../../catalog/signals';
import { QueryContext } from '../context';
import { eq, Expr, print, ratio, sumBy } from '../promql';
import { rateOf } from '../select';
import { onRole, ratioByRole, sumByRole } from './scope';

export type PromptSource = 'local_compute' | 'local_cache_hit' | 'external_kv_transfer';

export const SOURCE_LABEL = 'source';

/** rate() of prompt tokens by source; every source when none is named. */
export function promptTokensRate(ctx: QueryContext, source?: PromptSource): Expr {
  return rateOf(ctx, SIGNALS.promptTokensBySource, source ? [eq(SOURCE_LABEL, source)] : []);
}

/** Prompt tokens per second by role and source (the three sources add up to all prompt tokens). */
export function promptTokensBySourceByRole(ctx: QueryContext): string {
  return print(sumByRole(ctx, promptTokensRate(ctx), [SOURCE_LABEL]));
}

/** Share of a role's prompt tokens that came from one source, over the window. */
export function promptSourceShareByRole(ctx: QueryContext, source: PromptSource): string {
  return print(ratioByRole(ctx, promptTokensRate(ctx, source), promptTokensRate(ctx)));
}

/** Share of decode pods' prompt tokens that arrived by KV transfer: near 1 when P/D works. */
export function decodeKvTransferShare(ctx: QueryContext): string {
  return promptSourceShareByRole(onRole(ctx, 'decode'), 'external_kv_transfer');
}

/**
 * Prompt tokens decode pods computed themselves, per finished decode request, summed by `by` (per pod by
 * default; none for the decode-wide figure). Non-zero means decode is doing prefill work: misrouted
 * requests or failed transfers.
 */
export function decodeRecomputePerRequest(ctx: QueryContext, by: string[] = ['pod']): string {
  const decode = onRole(ctx, 'decode');
  return print(
    ratio(sumBy(by, promptTokensRate(decode, 'local_compute')), sumBy(by, rateOf(decode, SIGNALS.requestSuccess)))
  );
}

/** Prefill throughput that is real work: locally computed prompt tokens per second, per role. */
export function truePrefillThroughputByRole(ctx: QueryContext): string {
  return print(sumByRole(ctx, promptTokensRate(ctx, 'local_compute')));
}

/** The naive figure most dashboards show: every prompt token per second, however it was obtained. */
export function naivePromptThroughputByRole(ctx: QueryContext): string {
  return print(sumByRole(ctx, rateOf(ctx, SIGNALS.promptTokens)));
}
