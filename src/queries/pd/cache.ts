/**
 * Prefix cache hit rates per role, from windowed rates of hits and queries (tokens). The local cache follows
 * its pre-0.10 name; the external one counts tokens found through the KV connector.
 */
import { SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import { Expr } from '../promql';
import { rateOf } from '../select';
import { ratioByRole } from './scope';

export function localPrefixCacheHitRateByRole(ctx: QueryContext): Expr {
  return ratioByRole(ctx, rateOf(ctx, SIGNALS.prefixCacheHits), rateOf(ctx, SIGNALS.prefixCacheQueries));
}

export function externalPrefixCacheHitRateByRole(ctx: QueryContext): Expr {
  return ratioByRole(
    ctx,
    rateOf(ctx, SIGNALS.externalPrefixCacheHits),
    rateOf(ctx, SIGNALS.externalPrefixCacheQueries)
  );
}
