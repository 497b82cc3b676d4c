/**
 * What the Wide EP page's panels share: drill-down links carrying the time range and filters to the P/D and
 * GPU pages, the balancedness thresholds, and the no-data texts of the proposed metrics.
 */
import { prefixRoute, ROUTES } from '../../../constants';
import { PanelLink, Threshold } from '../../panelSpec';
import { noDataText } from '../../requirements';

const carryContext = (route: string) => `${prefixRoute(route)}?\${__url_time_range}&\${__all_variables}`;

export const DRILLDOWN_LINKS: PanelLink[] = [
  { title: 'Prefill/Decode for this selection', url: carryContext(ROUTES.PrefillDecode) },
  { title: 'GPUs for this selection', url: carryContext(ROUTES.Gpus) },
];

/** Below 0.8 the busiest EP rank carries 25 % more tokens than the mean and the others wait for it. */
export const IMBALANCED = 0.8;

export const BALANCEDNESS_THRESHOLDS: Threshold[] = [
  { value: null, color: 'red' },
  { value: IMBALANCED, color: 'green' },
];

export const EPLB_NO_DATA = noDataText('eplb-metrics');
export const DBO_NO_DATA = noDataText('dbo-metrics');
export const EXPERT_DEBUG_NO_DATA = noDataText(
  'expert-debug',
  'An empty panel after a while of data means the gauge switched itself off, as designed.'
);

/** Legend of a per-group series. */
export const GROUP_LEGEND = '{{model_name}} {{role}}';
