/**
 * KV moving between prefill and decode over NIXL: volume, speed, latency and failures. The NIXL families
 * exist only with the NIXL connector. vLLM counts each on the side that does the work
 * (vllm/distributed/kv_transfer/kv_connector/v1/nixl_connector.py, NixlKVConnectorStats): transfers, their
 * time, bytes, descriptors and failures on the decode worker that reads the KV; expired requests on the prefill
 * worker whose blocks timed out. Sums over every pod therefore count each transfer once.
 */
import { Signal, SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import { anyOf, Expr, ratio, sumBy } from '../promql';
import { rateOf } from '../select';
import { gatedQuery, RecordedQuery } from '../recorded';
import { fleetDistribution } from '../serving';
import { promptTokensRate } from './promptTokens';

/**
 * KV tokens transferred per second: the upstream `external_kv_transfer` prompt tokens (counted by the decode
 * side that receives them), else the proposed `vllm:nixl_tokens_transferred_total`.
 */
export function kvTokensPerSecondExpr(ctx: QueryContext): Expr {
  return anyOf([
    sumBy([], promptTokensRate(ctx, 'external_kv_transfer')),
    sumBy([], rateOf(ctx, SIGNALS.nixlTokensTransferred)),
  ]);
}

export function kvTokensPerSecond(ctx: QueryContext): Expr {
  return kvTokensPerSecondExpr(ctx);
}

function bytesPerSecondExpr(ctx: QueryContext): Expr {
  return sumBy([], rateOf(ctx, SIGNALS.nixlBytes, [], '_sum'));
}

/** Bytes moved by NIXL per second (rate of the bytes-per-transfer histogram's sum). */
export function kvBytesPerSecond(ctx: QueryContext): Expr {
  return bytesPerSecondExpr(ctx);
}

/** Bytes of KV per transferred token: fixed by model, dtype and layout, so a change means a config change. */
export function kvBytesPerToken(ctx: QueryContext): Expr {
  return ratio(bytesPerSecondExpr(ctx), kvTokensPerSecondExpr(ctx));
}

/** NIXL transfers per second (observations of the transfer time histogram). */
export function nixlTransfersPerSecond(ctx: QueryContext): Expr {
  return sumBy([], rateOf(ctx, SIGNALS.nixlXferTime, [], '_count'));
}

/** Effective bandwidth: bytes moved per second of transfer time, rate(bytes_sum) / rate(xfer_time_sum). */
export function nixlBandwidth(ctx: QueryContext): Expr {
  return ratio(bytesPerSecondExpr(ctx), sumBy([], rateOf(ctx, SIGNALS.nixlXferTime, [], '_sum')));
}

/** Fleet-wide bucket rates of a NIXL histogram (`sum by (le)`), recorded for recorded mode. */
export function nixlDistribution(signal: Signal): RecordedQuery {
  return {
    ...fleetDistribution(signal),
    help: `NIXL transfers per second in each bucket of ${signal.help.toLowerCase()} over every engine (P/D page heatmap)`,
  };
}

/** The NIXL distributions the Prefill/Decode page draws as heatmaps. */
export const NIXL_DISTRIBUTIONS = [SIGNALS.nixlBytes, SIGNALS.nixlDescriptors].map(nixlDistribution);

/** Bucket rates of a NIXL histogram, for a heatmap of its distribution; read from its record where recorded. */
export function nixlBucketRates(ctx: QueryContext, signal: Signal): Expr {
  return gatedQuery(ctx, nixlDistribution(signal));
}

/** Events per second of a NIXL counter (failed transfers, failed notifications, expired requests). */
export function nixlEventsPerSecond(ctx: QueryContext, signal: Signal): Expr {
  return sumBy([], rateOf(ctx, signal));
}
