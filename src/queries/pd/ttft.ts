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
import { ROLE_LABEL } from '../role';
import { rateOf } from '../select';
import { gatedQuery, RecordedQuery, recordedMetric, RECORDING_WINDOW } from '../recorded';
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

/**
 * Mean TTFT minus queue, prefill and transfer. A role without NIXL series (prefill pods, or no NIXL
 * connector) subtracts zero instead of dropping out: `transfer or 0 * ttft`.
 */
function remainderExpr(ctx: QueryContext): Expr {
  const ttft = meanExpr(ctx, SIGNALS.ttft);
  const transfer = or(transferExpr(ctx), mul(num(0), ttft));
  return sub(sub(sub(ttft, meanExpr(ctx, SIGNALS.queueTime)), meanExpr(ctx, SIGNALS.prefillTime)), transfer);
}

const KEEPS = [ROLE_LABEL];

/** The stages the P/D page draws, recorded per role for recorded mode (the page's panel is the decomposition). */
function stageRecorded(stage: 'queue' | 'prefill'): RecordedQuery {
  const signal = STAGE_SIGNALS[stage];
  return {
    record: `role:${recordedMetric(signal)}:mean_rate${RECORDING_WINDOW}`,
    keeps: KEEPS,
    build: (ctx) => meanExpr(ctx, signal),
    help: `Mean ${stage} time per role (P/D page: TTFT decomposition)`,
  };
}

const STAGE_RECORDED: Partial<Record<TtftStage, RecordedQuery>> = {
  queue: stageRecorded('queue'),
  prefill: stageRecorded('prefill'),
};

export const TTFT_TRANSFER_RECORDED: RecordedQuery = {
  record: `role:vllm_nixl_xfer_time_seconds:per_first_token_rate${RECORDING_WINDOW}`,
  keeps: KEEPS,
  build: transferExpr,
  help: 'NIXL transfer seconds per first token, per role (P/D page: TTFT decomposition)',
};

export const TTFT_REMAINDER_RECORDED: RecordedQuery = {
  record: `role:vllm_time_to_first_token_seconds:remainder_rate${RECORDING_WINDOW}`,
  keeps: KEEPS,
  build: remainderExpr,
  help: 'Mean TTFT minus mean queue, prefill and transfer time, per role (P/D page: TTFT decomposition)',
};

/** The TTFT decomposition's records, in the order the panel draws them. */
export const TTFT_DECOMPOSITION: RecordedQuery[] = [
  STAGE_RECORDED.queue!,
  STAGE_RECORDED.prefill!,
  TTFT_TRANSFER_RECORDED,
  TTFT_REMAINDER_RECORDED,
];

/** Mean TTFT, queue time or prefill time per role; the page's stages read their record where recorded. */
export function ttftStageMeanByRole(ctx: QueryContext, stage: TtftStage): Expr {
  const recorded = STAGE_RECORDED[stage];
  return recorded ? gatedQuery(ctx, recorded) : meanExpr(ctx, STAGE_SIGNALS[stage]);
}

export function ttftTransferByRole(ctx: QueryContext): Expr {
  return gatedQuery(ctx, TTFT_TRANSFER_RECORDED);
}

export function ttftRemainderByRole(ctx: QueryContext): Expr {
  return gatedQuery(ctx, TTFT_REMAINDER_RECORDED);
}
