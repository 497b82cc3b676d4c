/**
 * The Prefill/Decode page: where prompt tokens come from, how KV moves from prefill to decode, and whether
 * P/D is doing its job. One file per row under ./prefillDecode/; every panel links to the Wide EP and GPU
 * pages with the same time range and filters.
 */
import { PageSpec, RowSpec } from '../panelSpec';
import { routabilityRow } from './routability';
import { CACHE_AND_BATCHES_ROW } from './prefillDecode/cacheAndBatches';
import { NIXL_FAILURES_ROW } from './prefillDecode/failures';
import { KV_TRANSFER_ROW } from './prefillDecode/kvTransfer';
import { PROMPT_TOKENS_ROW } from './prefillDecode/promptTokens';
import { QUEUES_ROW } from './prefillDecode/queues';
import { ROUTER_ROW } from './prefillDecode/router';
import { DRILLDOWN_LINKS } from './prefillDecode/shared';
import { TTFT_ROW } from './prefillDecode/ttft';
import { pageIdentity } from '../../pages/identity';

const withDrilldowns = (row: RowSpec): RowSpec => ({
  ...row,
  panels: row.panels.map((panel) => ({ ...panel, links: [...(panel.links ?? []), ...DRILLDOWN_LINKS] })),
});

export const PREFILL_DECODE_PAGE: PageSpec = {
  ...pageIdentity('prefill-decode'),
  subtitle: 'Where prompt tokens come from, how KV moves between prefill and decode, and whether P/D is doing its job.',
  filters: ['model', 'namespace', 'role', 'pod', 'engine'],
  rows: [
    PROMPT_TOKENS_ROW,
    KV_TRANSFER_ROW,
    NIXL_FAILURES_ROW,
    CACHE_AND_BATCHES_ROW,
    QUEUES_ROW,
    TTFT_ROW,
    ROUTER_ROW,
    routabilityRow('pd.routable'),
  ].map(withDrilldowns),
};
