/**
 * What the Prefill/Decode page's panels share: drill-down links that carry the time range and the filters
 * to the Wide EP and GPU pages, and stacking that keeps each role's series in a stack of its own.
 */
import { drilldownLink } from '../../drilldownLinks';
import { FieldOverride, PanelLink } from '../../panelSpec';

export const DRILLDOWN_LINKS: PanelLink[] = [
  drilldownLink('Wide EP for this selection', 'wide-ep'),
  drilldownLink('GPUs for this selection', 'gpus'),
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
