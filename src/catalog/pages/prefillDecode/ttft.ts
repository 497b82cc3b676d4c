/** Row: time to first token taken apart per role. */
import { PanelSpec, RowSpec } from '../../panelSpec';
import { ttftRemainderByRole, ttftStageMeanByRole, ttftTransferByRole } from '../../../queries/pd';
import { STACK_PER_ROLE } from './shared';

const ttftDecomposition: PanelSpec = {
  id: 'pd.ttftDecomposition',
  title: 'TTFT decomposition by role (means)',
  description:
    'Mean time to first token per role, stacked from its parts over the window (each a histogram mean, rate(sum) / rate(count)): queue time (vllm:request_queue_time_seconds), prefill time (vllm:request_prefill_time_seconds), ' +
    'KV transfer time per first token (rate of vllm:nixl_xfer_time_seconds_sum / rate of vllm:time_to_first_token_seconds_count; zero without NIXL), and the remainder of the TTFT mean (vllm:time_to_first_token_seconds). ' +
    'It assumes the parts run one after another, every request is seen by every histogram, and a request\'s transfers do not overlap. Where vLLM counts the wait for remote KV as queue time, the transfer is counted twice and the remainder goes negative by about the transfer time. ' +
    'Means hide tails: use it to see which part dominates, the latency panels for percentiles. The remainder is frontend, scheduling and first-step time.',
  viz: 'timeseries',
  lead: 'ttft',
  unit: 's',
  stacking: 'normal',
  overrides: STACK_PER_ROLE,
  traces: 'ttftDecomposition',
  queries: (ctx) => [
    { expr: ttftStageMeanByRole(ctx, 'queue'), legend: '{{role}} queue' },
    { expr: ttftStageMeanByRole(ctx, 'prefill'), legend: '{{role}} prefill' },
    { expr: ttftTransferByRole(ctx), legend: '{{role}} KV transfer' },
    { expr: ttftRemainderByRole(ctx), legend: '{{role}} remainder' },
  ],
  width: 24,
  height: 9,
};

export const TTFT_ROW: RowSpec = { title: 'Time to first token', panels: [ttftDecomposition] };
