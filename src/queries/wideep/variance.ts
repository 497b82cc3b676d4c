/**
 * Throughput variance: the periodic drops operators report (rebalances, DBO falling out, a straggler) show
 * as a standard deviation of generation throughput over a short window, next to its mean.
 */
import { SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import { avgOverTime, Expr, ratio, stddevOverTime, subquery } from '../promql';
import { aggByRole } from '../role';
import { rateOf } from '../select';
import { GROUP } from './scope';

/** Window of the variance: a few minutes, short enough to see each drop. */
export const VARIANCE_WINDOW = '5m';
/** Resolution of the variance subquery: enough points in the window for a meaningful deviation. */
export const VARIANCE_STEP = '15s';

const throughput = (ctx: QueryContext): Expr => aggByRole('sum', GROUP, rateOf(ctx, SIGNALS.generationTokens), ctx.role);

/** Standard deviation of a group's generation throughput over the variance window. */
export function throughputStddev(ctx: QueryContext, window = VARIANCE_WINDOW): Expr {
  return stddevOverTime(subquery(throughput(ctx), window, VARIANCE_STEP));
}

/** The same relative to the mean throughput over the window. */
export function throughputRelativeStddev(ctx: QueryContext, window = VARIANCE_WINDOW): Expr {
  return ratio(
    stddevOverTime(subquery(throughput(ctx), window, VARIANCE_STEP)),
    avgOverTime(subquery(throughput(ctx), window, VARIANCE_STEP))
  );
}
