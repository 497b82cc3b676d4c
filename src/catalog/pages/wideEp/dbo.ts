/** Row: dual-batch overlap: engaged or not, why it falls out, and how full the micro-batches are. */
import { PanelSpec, RowSpec } from '../../panelSpec';
import { dboActiveByPhase, dboEngagedShare, dboFalloutByReason, ubatchTokensQuantile } from '../../../queries/wideep';
import { DBO_NO_DATA, PROPOSED_NOTE } from './shared';

/** DBO needs enough tokens to split; below this a second micro-batch tends to be empty. */
const UBATCH_BOUNDARY = 256;

const active: PanelSpec = {
  id: 'wideep.dboActive',
  title: 'DBO active by phase',
  description:
    'Share of engines with dual-batch overlap engaged, per model and phase (proposed vllm:dbo_active, averaged over engines). ' +
    `${PROPOSED_NOTE} ` +
    'Good: near 100 % in decode under load. DBO hides all-to-all latency behind compute only while it is engaged.',
  viz: 'timeseries',
  unit: 'percentunit',
  min: 0,
  max: 1,
  noData: DBO_NO_DATA,
  queries: (ctx) => [{ expr: dboActiveByPhase(ctx), legend: '{{model_name}} {{phase}}' }],
};

const engaged: PanelSpec = {
  id: 'wideep.dboEngaged',
  title: 'Steps with DBO engaged',
  description:
    'Share of engine steps that ran two micro-batches: rate of second micro-batches / (that + rate of DBO fallouts) (proposed vllm:ubatch_token_count_count{ubatch_index="second"} and vllm:dbo_fallout_total). ' +
    'Good: above 90 %. Below 50 % DBO costs more than it saves.',
  viz: 'timeseries',
  unit: 'percentunit',
  min: 0,
  max: 1,
  thresholds: [
    { value: null, color: 'red' },
    { value: 0.5, color: 'orange' },
    { value: 0.9, color: 'green' },
  ],
  thresholdsStyle: 'dashed',
  noData: DBO_NO_DATA,
  queries: (ctx) => [{ expr: dboEngagedShare(ctx), legend: '{{model_name}}' }],
};

const fallout: PanelSpec = {
  id: 'wideep.dboFallout',
  title: 'DBO fallout by reason',
  description:
    'Engine steps per second that fell back to a single batch, by reason (proposed vllm:dbo_fallout_total): empty_second_ubatch (too few tokens to split: batches are small), coordination_failure (ranks disagreed), other. ' +
    'Good: near zero. A storm of empty second micro-batches means DBO is on for a load that does not fill it.',
  viz: 'timeseries',
  unit: 'ops',
  min: 0,
  stacking: 'normal',
  noData: DBO_NO_DATA,
  queries: (ctx) => [{ expr: dboFalloutByReason(ctx), legend: '{{model_name}} {{reason}}' }],
};

const ubatchTokens: PanelSpec = {
  id: 'wideep.ubatchTokens',
  title: 'Tokens per micro-batch',
  description:
    `p50 and p95 of tokens in the first and second micro-batch per model (proposed vllm:ubatch_token_count). The dashed line marks ${UBATCH_BOUNDARY} tokens: ` +
    'second micro-batches well below it do too little work to hide the all-to-all, and often end up empty (see fallout).',
  viz: 'timeseries',
  unit: 'short',
  min: 0,
  thresholds: [
    { value: null, color: 'orange' },
    { value: UBATCH_BOUNDARY, color: 'green' },
  ],
  thresholdsStyle: 'dashed',
  noData: DBO_NO_DATA,
  queries: (ctx) => [
    { expr: ubatchTokensQuantile(ctx, 0.5), legend: 'p50 {{model_name}} {{ubatch_index}}' },
    { expr: ubatchTokensQuantile(ctx, 0.95), legend: 'p95 {{model_name}} {{ubatch_index}}' },
  ],
};

export const DBO_ROW: RowSpec = {
  title: 'Dual-batch overlap',
  panels: [active, engaged, fallout, ubatchTokens],
};
