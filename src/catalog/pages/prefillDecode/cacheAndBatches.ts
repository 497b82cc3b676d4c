/** Row: prefix cache hit rates and batch composition per role. */
import { PanelSpec, RowSpec } from '../../panelSpec';
import { noDataText } from '../../../queries/signals/requirements';
import {
  batchSharesByRole,
  decodeInterleavedBaseline,
  externalPrefixCacheHitRateByRole,
  interleavedShareByRole,
  localPrefixCacheHitRateByRole,
} from '../../../queries/pd';
import { STACK_PER_ROLE } from './shared';

const prefixCache: PanelSpec = {
  id: 'pd.prefixCache',
  title: 'Prefix cache hit rate by role',
  description:
    'Share of looked-up prompt tokens found in the local prefix cache (vllm:prefix_cache_hits_total / vllm:prefix_cache_queries_total, or the vllm:gpu_prefix_cache_* names of older vLLM) and through the KV connector (vllm:external_prefix_cache_hits_total / vllm:external_prefix_cache_queries_total), from windowed rates. ' +
    'On prefill, local hits are compute saved; on decode the external rate is how much of the prompt the connector supplied and should be near 100 %.',
  viz: 'timeseries',
  unit: 'percentunit',
  min: 0,
  max: 1,
  queries: (ctx) => [
    { expr: localPrefixCacheHitRateByRole(ctx), legend: '{{role}} local' },
    { expr: externalPrefixCacheHitRateByRole(ctx), legend: '{{role}} external' },
  ],
};

const BATCH_NO_DATA = noDataText('pd-proposed');

const batchShares: PanelSpec = {
  id: 'pd.batchShares',
  title: 'Batch composition by role',
  description:
    'Share of engine steps that ran prefill work only, decode work only, or both (interleaved), stacked per role (proposed vllm:batch_executions_prefill_total, vllm:batch_executions_decode_total and vllm:batch_executions_interleaved_total, windowed rates). ' +
    'Good: prefill pods run prefill-only steps, decode pods decode-only steps. Interleaved steps on decode mean prefill chunks are stalling token generation.',
  viz: 'timeseries',
  unit: 'percentunit',
  min: 0,
  max: 1,
  stacking: 'normal',
  overrides: STACK_PER_ROLE,
  noData: BATCH_NO_DATA,
  queries: (ctx) => [{ expr: batchSharesByRole(ctx), legend: '{{role}} {{batch}}' }],
};

const interleavedShare: PanelSpec = {
  id: 'pd.interleavedShare',
  title: 'Interleaved batches',
  description:
    'Share of engine steps per role that mixed prefill and decode work (proposed vllm:batch_executions_interleaved_total over all batch executions; no vLLM release exports it). ' +
    'Decode is not zero when P/D works: a step that admits a transferred request computes its last prompt token, so the expected share on decode is about finished requests per decode step (the dashed line). ' +
    'Good: decode close to its expected line; well above it decode is doing prefill work (see the computed-per-request panel), above 30 % inter-token latency suffers.',
  viz: 'timeseries',
  unit: 'percentunit',
  min: 0,
  max: 1,
  thresholds: [
    { value: null, color: 'green' },
    { value: 0.1, color: 'orange' },
    { value: 0.3, color: 'red' },
  ],
  thresholdsStyle: 'dashed',
  noData: BATCH_NO_DATA,
  overrides: [
    {
      match: { byName: 'decode expected' },
      properties: [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }],
    },
  ],
  queries: (ctx) => [
    { expr: interleavedShareByRole(ctx), legend: '{{role}}' },
    { expr: decodeInterleavedBaseline(ctx), legend: 'decode expected' },
  ],
  width: 24,
};

export const CACHE_AND_BATCHES_ROW: RowSpec = {
  title: 'Caches and batch composition',
  panels: [prefixCache, batchShares, interleavedShare],
};
