/**
 * What the Wide EP page's panels share: drill-down links carrying the time range and filters to the P/D and
 * GPU pages, the balancedness thresholds, and the no-data texts of the proposed metrics.
 */
import { drilldownLink } from '../../drilldownLinks';
import { PanelLink, Threshold } from '../../panelSpec';
import { quantityNoData } from '../../../queries/signals/quantities';

export const DRILLDOWN_LINKS: PanelLink[] = [
  drilldownLink('Prefill/Decode for this selection', 'prefill-decode'),
  drilldownLink('GPUs for this selection', 'gpus'),
];

/** Below 0.8 the busiest EP rank carries 25 % more tokens than the mean and the others wait for it. */
export const IMBALANCED = 0.8;

export const BALANCEDNESS_THRESHOLDS: Threshold[] = [
  { value: null, color: 'red' },
  { value: IMBALANCED, color: 'green' },
];

export const BALANCEDNESS_NO_DATA = quantityNoData('balancedness');
export const PER_LAYER_NO_DATA = quantityNoData('balancednessPerLayer');
export const TOKENS_PER_RANK_NO_DATA = quantityNoData('tokensPerRankByLayer');
export const REBALANCING_NO_DATA = quantityNoData('rebalancing');
export const REARRANGEMENTS_NO_DATA = quantityNoData('rearrangements');
/** The duration quantiles are absent in a range without a completed rearrangement, as well as where no source exists. */
export const DURATION_NO_DATA = `No rearrangement completed in the selected range. Where none ever shows: ${quantityNoData('rearrangementDuration')}`;
export const DBO_NO_DATA = quantityNoData('dbo');
export const EXPERT_DEBUG_NO_DATA = `${quantityNoData('expertLoad')} Where the proposed gauge exists, an empty panel after a while of data means it switched itself off, as designed.`;

/** Said by every panel that reads a family no upstream release exports. */
export const PROPOSED_NOTE = 'This family is a proposal, not exported by any vLLM release.';

/** Legend of a per-group series. */
export const GROUP_LEGEND = '{{model_name}} {{role}}';
