/** Row: where prompt tokens come from, and whether decode is doing prefill work. */
import { PanelSpec, RowSpec } from '../../panelSpec';
import { noDataText } from '../../../queries/signals/requirements';
import {
  decodeComputedBaseline,
  decodeKvTransferShare,
  decodeRecomputeExcess,
  decodeRecomputePerRequest,
  naivePromptThroughputByRole,
  promptTokensBySourceByRole,
  truePrefillThroughputByRole,
} from '../../../queries/pd';
import { STACK_PER_ROLE, TOKENS_PER_SECOND } from './shared';

const tokenSources: PanelSpec = {
  id: 'pd.tokenSources',
  title: 'Prompt tokens by source and role',
  description:
    'Prompt tokens per second per role, stacked by where they came from: computed locally, hit in the local prefix cache, or received by KV transfer (rate of vllm:prompt_tokens_by_source_total by source). ' +
    'Good: prefill is mostly local_compute (plus cache hits); decode is almost all external_kv_transfer, with a thin local_compute band of about one token per request: vLLM recomputes the last prompt token of a fully transferred prompt and counts it under both sources, so the sources add up to one token per request more than the prompts. A thicker local_compute band on decode is prefill work decode should not be doing.',
  viz: 'timeseries',
  unit: 'short',
  stacking: 'normal',
  custom: TOKENS_PER_SECOND,
  overrides: STACK_PER_ROLE,
  queries: (ctx) => [{ expr: promptTokensBySourceByRole(ctx), legend: '{{role}} {{source}}' }],
  width: 10,
};

const decodeKvShare: PanelSpec = {
  id: 'pd.decodeKvShare',
  title: 'Decode prompt tokens by KV transfer',
  description:
    'Share of the prompt tokens on decode pods that arrived by KV transfer over the window (external_kv_transfer / all sources of vllm:prompt_tokens_by_source_total). ' +
    'Expect close to 100 % (just under: the one recomputed last token per request counts as local_compute too): prefill computed them and NIXL moved them. Local prefix cache hits on decode lower it legitimately; local compute beyond that token lowers it for the wrong reason (see the panel beside).',
  viz: 'stat',
  unit: 'percentunit',
  min: 0,
  max: 1,
  decimals: 1,
  thresholds: [
    { value: null, color: 'red' },
    { value: 0.8, color: 'orange' },
    { value: 0.95, color: 'green' },
  ],
  queries: (ctx) => [{ expr: decodeKvTransferShare(ctx), legend: 'decode' }],
  width: 4,
};

const decodeRecompute: PanelSpec = {
  id: 'pd.decodeRecompute',
  title: 'Decode prompt tokens computed per request',
  description:
    'Prompt tokens each decode pod computed itself per finished request (local_compute rate of vllm:prompt_tokens_by_source_total / rate of vllm:request_success_total, decode pods only), the decode-wide figure, ' +
    'the expected line and what is above it. Expected: about 1 token per request when the router disaggregates every request, because vLLM recomputes the last prompt token of a prompt whose KV all arrived by transfer. ' +
    'Short prompts the router serves decode-only are computed on decode, a few dozen tokens per request on average; from 128 tokens per request above the baseline (orange) or 512 (red) requests are reaching decode without their KV: misrouted by the router, or transfers failing or expiring. The alert PdDecodeRecomputingPrefill reads the excess, not the baseline.',
  viz: 'timeseries',
  unit: 'short',
  min: 0,
  thresholds: [
    { value: null, color: 'green' },
    { value: 128, color: 'orange' },
    { value: 512, color: 'red' },
  ],
  thresholdsStyle: 'dashed',
  custom: { axisLabel: 'tokens / request' },
  overrides: [
    {
      match: { byName: 'expected (1 per transferred request)' },
      properties: [
        { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
        { id: 'color', value: { mode: 'fixed', fixedColor: 'green' } },
      ],
    },
  ],
  queries: (ctx) => [
    { expr: decodeRecomputePerRequest(ctx, []), legend: 'all decode pods' },
    { expr: decodeRecomputePerRequest(ctx, ['pod']), legend: '{{pod}}' },
    { expr: decodeComputedBaseline(ctx), legend: 'expected (1 per transferred request)' },
    { expr: decodeRecomputeExcess(ctx, []), legend: 'above expected, all decode pods' },
  ],
  width: 10,
};

const prefillThroughput: PanelSpec = {
  id: 'pd.prefillThroughput',
  title: 'True vs naive prefill throughput',
  description:
    'Per role, prompt tokens actually computed (local_compute of vllm:prompt_tokens_by_source_total) against every prompt token (vllm:prompt_tokens_total), per second. ' +
    'The naive line counts cache hits and transferred KV as if computed; the gap is the inflation. On decode the true line should sit near one token per request (the recomputed last prompt token) while the naive one mirrors prefill.',
  viz: 'timeseries',
  unit: 'short',
  custom: TOKENS_PER_SECOND,
  noData: noDataText('vllm-by-source', 'The naive line needs only vllm:prompt_tokens_total.'),
  overrides: [
    {
      match: { byRegexp: '.* naive$' },
      properties: [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }],
    },
  ],
  queries: (ctx) => [
    { expr: truePrefillThroughputByRole(ctx), legend: '{{role}} computed' },
    { expr: naivePromptThroughputByRole(ctx), legend: '{{role}} naive' },
  ],
  width: 24,
};

export const PROMPT_TOKENS_ROW: RowSpec = {
  title: 'Prompt tokens: where they come from',
  panels: [tokenSources, decodeKvShare, decodeRecompute, prefillThroughput],
};
