/** Row: per-rank (data-parallel engine) throughput, its spread, the slowest rank, and throughput variance. */
import { PanelSpec, RowSpec } from '../../panelSpec';
import {
  generationPerRank,
  localComputePromptPerRank,
  rankCoefficientOfVariation,
  rankMaxOverMean,
  requestsPerRank,
  slowestRank,
  throughputRelativeStddev,
  throughputStddev,
  VARIANCE_WINDOW,
} from '../../../queries/wideep';
import { GROUP_LEGEND } from './shared';
import { worstNote } from '../../../queries/worst';

const throughput: PanelSpec = {
  id: 'wideep.rankThroughput',
  title: 'Throughput per rank',
  description:
    'Generated tokens per second and prompt tokens computed locally per second, per engine (data-parallel rank) (vllm:generation_tokens_total; vllm:prompt_tokens_by_source_total{source="local_compute"}, windowed rates). ' +
    'Good: the ranks of a role in one tight band. One line below the band is a straggler the whole EP group waits for. ' +
    `Generation: ${worstNote('both', 'ranks')} Prompt: ${worstNote('lowest', 'ranks')} Rank imbalance and Slowest rank summarize every rank.`,
  viz: 'timeseries',
  unit: 'short',
  min: 0,
  custom: { axisLabel: 'tokens/s' },
  queries: (ctx) => [
    { expr: generationPerRank(ctx, 'both'), legend: 'engine {{engine}} generation' },
    { expr: localComputePromptPerRank(ctx, 'lowest'), legend: 'engine {{engine}} prompt (local compute)' },
  ],
};

const spread: PanelSpec = {
  id: 'wideep.rankImbalance',
  title: 'Rank imbalance',
  description:
    'Spread of generation throughput across the engines of each EP group: busiest / mean (1.0 is even) and the coefficient of variation (population stddev / mean) (vllm:generation_tokens_total). ' +
    'Good: max / mean below 1.1 and CV below 0.05. A rising CV with a steady max / mean is one slow rank, not one fast one.',
  viz: 'timeseries',
  min: 0,
  decimals: 3,
  queries: (ctx) => [
    { expr: rankMaxOverMean(ctx), legend: `${GROUP_LEGEND} max/mean` },
    { expr: rankCoefficientOfVariation(ctx), legend: `${GROUP_LEGEND} CV` },
  ],
};

const slowest: PanelSpec = {
  id: 'wideep.slowestRank',
  title: 'Slowest rank',
  description:
    'The engine with the lowest generation throughput in each EP group, named, with its tokens per second (vllm:generation_tokens_total). ' +
    'Compare with the per-rank panel: if it sits far below the band, check its GPU (clock, temperature) on the GPU page.',
  viz: 'table',
  unit: 'short',
  width: 8,
  queries: (ctx) => [{ expr: slowestRank(ctx), instant: true, format: 'table' }],
  transformations: [
    {
      id: 'organize',
      options: {
        excludeByName: { Time: true },
        renameByName: { model_name: 'Model', role: 'Role', engine: 'Engine', Value: 'Tokens/s' },
      },
    },
  ],
};

const queues: PanelSpec = {
  id: 'wideep.rankQueues',
  title: 'Running and waiting per rank',
  description:
    'Requests running and waiting on each engine (vllm:num_requests_running, vllm:num_requests_waiting). ' +
    'Good: similar running counts and few waiting everywhere; a rank with a queue while others have none is being routed too much or runs slow. ' +
    `Running: ${worstNote('both', 'ranks')} Waiting: ${worstNote('highest', 'queues')}`,
  viz: 'timeseries',
  unit: 'short',
  min: 0,
  width: 16,
  queries: (ctx) => [
    { expr: requestsPerRank(ctx, 'running', 'both'), legend: 'engine {{engine}} running' },
    { expr: requestsPerRank(ctx, 'waiting', 'highest'), legend: 'engine {{engine}} waiting' },
  ],
};

const variance: PanelSpec = {
  id: 'wideep.throughputVariance',
  title: `Throughput variance (${VARIANCE_WINDOW})`,
  description:
    `Standard deviation of each EP group's generation throughput over a sliding ${VARIANCE_WINDOW} window (left, tokens/s) and relative to the mean (right) (vllm:generation_tokens_total). ` +
    'Periodic bumps are the drops operators report; expert rearrangements are drawn as annotations, so bumps that line up with them are rebalances.',
  viz: 'timeseries',
  unit: 'short',
  min: 0,
  width: 24,
  queries: (ctx) => [
    { expr: throughputStddev(ctx), legend: `${GROUP_LEGEND} stddev` },
    { expr: throughputRelativeStddev(ctx), legend: `${GROUP_LEGEND} relative` },
  ],
  overrides: [
    {
      match: { byRegexp: '.* relative$' },
      properties: [
        { id: 'custom.axisPlacement', value: 'right' },
        { id: 'unit', value: 'percentunit' },
      ],
    },
  ],
};

export const RANKS_ROW: RowSpec = {
  title: 'Ranks',
  panels: [throughput, spread, slowest, queues, variance],
};
