/**
 * What the Prefill/Decode page's panels share: drill-down links that carry the time range and the filters
 * to the Wide EP and GPU pages, and stacking that keeps each role's series in a stack of its own.
 */
import { prefixRoute, ROUTES } from '../../../constants';
import { FieldOverride, PanelLink } from '../../panelSpec';

const carryContext = (route: string) => `${prefixRoute(route)}?\${__url_time_range}&\${__all_variables}`;

export const DRILLDOWN_LINKS: PanelLink[] = [
  { title: 'Wide EP for this selection', url: carryContext(ROUTES.WideEp) },
  { title: 'GPUs for this selection', url: carryContext(ROUTES.Gpus) },
];

/**
 * Series whose legend starts with a role stack only with that role's series, so per-role shares each add
 * up to 100 % instead of piling on top of each other.
 */
export const STACK_PER_ROLE: FieldOverride[] = (['prefill', 'decode'] as const).map((role) => ({
  match: { byRegexp: `^${role} .*` },
  properties: [{ id: 'custom.stacking', value: { mode: 'normal', group: role } }],
}));

export const TOKENS_PER_SECOND = { axisLabel: 'tokens/s' };
