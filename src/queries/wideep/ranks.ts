/**
 * Per-rank (data-parallel engine) view. In wide EP every rank waits for the slowest at each all-to-all, so
 * the spread of throughput across a group's engines, and which engine is behind, matter more than the sum.
 */
import { SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import { agg, bottomk, eq, Expr, ratio, sumBy } from '../promql';
import { aggByRole } from '../role';
import { gauge, rateOf } from '../select';
import { gatedQuery, RecordedQuery, RECORDING_WINDOW } from '../recorded';
import { GROUP } from './scope';
import { WorstRank, worstAtEachStep } from '../worst';

const RANK = ['model_name', 'engine'];

/** Generated tokens per second of each engine, with its group's role. */
function generationPerEngine(ctx: QueryContext): Expr {
  return aggByRole('sum', [...GROUP, 'engine'], rateOf(ctx, SIGNALS.generationTokens), ctx.role);
}

export const GENERATION_PER_RANK: RecordedQuery = {
  record: `model_engine:vllm_generation_tokens:rate${RECORDING_WINDOW}`,
  keeps: RANK,
  build: (ctx) => sumBy(RANK, rateOf(ctx, SIGNALS.generationTokens)),
  help: 'Generated tokens per second per DP rank (Wide EP page: throughput per rank)',
};

/** Generated tokens per second per rank; with `rank`, only the worst ranks at each step (src/queries/worst.ts). */
export function generationPerRank(ctx: QueryContext, rank?: WorstRank): Expr {
  return gatedQuery(ctx, rank ? { ...GENERATION_PER_RANK, outer: (e) => worstAtEachStep(e, rank) } : GENERATION_PER_RANK);
}

/** Prompt tokens computed locally per second per rank; with `rank`, only the worst ranks at each step. */
export function localComputePromptPerRank(ctx: QueryContext, rank?: WorstRank): Expr {
  const perRank = sumBy(RANK, rateOf(ctx, SIGNALS.promptTokensBySource, [eq('source', 'local_compute')]));
  return rank ? worstAtEachStep(perRank, rank) : perRank;
}

export const RANK_MAX_OVER_MEAN: RecordedQuery = {
  record: `model_role:vllm_generation_tokens_per_engine:max_over_avg_rate${RECORDING_WINDOW}`,
  keeps: GROUP,
  build: (ctx) => {
    const x = generationPerEngine(ctx);
    return ratio(agg('max', GROUP, x), agg('avg', GROUP, x));
  },
  help: 'Busiest DP rank over the mean rank, generated tokens per second, per EP group (Wide EP page: rank imbalance)',
};

export const RANK_CV: RecordedQuery = {
  record: `model_role:vllm_generation_tokens_per_engine:cv_rate${RECORDING_WINDOW}`,
  keeps: GROUP,
  build: (ctx) => {
    const x = generationPerEngine(ctx);
    return ratio(agg('stddev', GROUP, x), agg('avg', GROUP, x));
  },
  help: 'Coefficient of variation of generated tokens per second across the DP ranks of an EP group (Wide EP page: rank imbalance)',
};

/** Busiest engine over the mean engine, per group: 1.0 is even. */
export function rankMaxOverMean(ctx: QueryContext): Expr {
  return gatedQuery(ctx, RANK_MAX_OVER_MEAN);
}

/** Coefficient of variation of generation throughput across a group's engines (population stddev / mean). */
export function rankCoefficientOfVariation(ctx: QueryContext): Expr {
  return gatedQuery(ctx, RANK_CV);
}

/** The slowest engine of each group, named by its `engine` label, with its tokens per second. */
export function slowestRank(ctx: QueryContext): Expr {
  return bottomk(1, GROUP, generationPerEngine(ctx));
}

/** A scheduler gauge (running, waiting) per rank. */
export function requestsPerRank(ctx: QueryContext, which: 'running' | 'waiting', rank?: WorstRank): Expr {
  const signal = which === 'running' ? SIGNALS.requestsRunning : SIGNALS.requestsWaiting;
  const perRank = sumBy(RANK, gauge(ctx, signal));
  return rank ? worstAtEachStep(perRank, rank) : perRank;
}
