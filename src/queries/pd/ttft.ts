/**
 * Time to first token taken apart per role, from histogram means over the window (rate(sum) / rate(count)):
 * queue time, prefill time, NIXL transfer time per first token, and what remains of TTFT.
 *
 * Means add up only under assumptions the panel states: the stages run one after another, every request is
 * observed by every histogram, and a request's transfers do not overlap each other or its queue time.
 */
import { Signal, SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import { Expr, mul, num, or, sub } from '../promql';
import { rateOf } from '../select';
import { ratioByRole } from './scope';

export type TtftStage = 'ttft' | 'queue' | 'prefill';

const STAGE_SIGNALS: Record<TtftStage, Signal> = {
  ttft: SIGNALS.ttft,
  queue: SIGNALS.queueTime,
  prefill: SIGNALS.prefillTime,
};

function meanExpr(ctx: QueryContext, signal: Signal): Expr {
  return ratioByRole(ctx, rateOf(ctx, signal, [], '_sum'), rateOf(ctx, signal, [], '_count'));
}

/** NIXL transfer seconds per first token, per role: transfer time summed over a request's transfers. */
function transferExpr(ctx: QueryContext): Expr {
  return ratioByRole(ctx, rateOf(ctx, SIGNALS.nixlXferTime, [], '_sum'), rateOf(ctx, SIGNALS.ttft, [], '_count'));
}

/** Mean TTFT, queue time or prefill time per role. */
export function ttftStageMeanByRole(ctx: QueryContext, stage: TtftStage): Expr {
  return meanExpr(ctx, STAGE_SIGNALS[stage]);
}

export function ttftTransferByRole(ctx: QueryContext): Expr {
  return transferExpr(ctx);
}

/**
 * Mean TTFT minus queue, prefill and transfer. A role without NIXL series (prefill pods, or no NIXL
 * connector) subtracts zero instead of dropping out: `transfer or 0 * ttft`.
 */
export function ttftRemainderByRole(ctx: QueryContext): Expr {
  const ttft = meanExpr(ctx, SIGNALS.ttft);
  const transfer = or(transferExpr(ctx), mul(num(0), ttft));
  return sub(sub(sub(ttft, meanExpr(ctx, SIGNALS.queueTime)), meanExpr(ctx, SIGNALS.prefillTime)), transfer);
}
