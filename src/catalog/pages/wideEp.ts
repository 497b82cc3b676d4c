/**
 * The Wide EP page: expert load and EPLB balancedness, rebalances, dual-batch overlap and per-rank imbalance
 * of wide expert-parallel MoE deployments. One file per row under ./wideEp/; every panel links to the P/D
 * and GPU pages with the same time range and filters, and expert rearrangements mark every time series.
 */
import { PageSpec, RowSpec } from '../panelSpec';
import { routabilityRow } from './routability';
import { BALANCEDNESS_ROW } from './wideEp/balancedness';
import { DBO_ROW } from './wideEp/dbo';
import { EXPERTS_ROW } from './wideEp/experts';
import { RANKS_ROW } from './wideEp/ranks';
import { REARRANGEMENT_ANNOTATION, REBALANCE_ROW } from './wideEp/rebalances';
import { DRILLDOWN_LINKS } from './wideEp/shared';
import { pageIdentity } from '../../pages/identity';

const withDrilldowns = (row: RowSpec): RowSpec => ({
  ...row,
  panels: row.panels.map((panel) => ({ ...panel, links: [...(panel.links ?? []), ...DRILLDOWN_LINKS] })),
});

export const WIDE_EP_PAGE: PageSpec = {
  ...pageIdentity('wide-ep'),
  subtitle: 'Expert load, EPLB balancedness and rebalances, dual-batch overlap, and per-rank imbalance.',
  filters: ['model', 'namespace', 'engine'],
  extraVariables: ['layer'],
  rows: [BALANCEDNESS_ROW, REBALANCE_ROW, EXPERTS_ROW, DBO_ROW, RANKS_ROW, routabilityRow('wideep.routable')].map(
    withDrilldowns
  ),
  annotations: [REARRANGEMENT_ANNOTATION],
};
