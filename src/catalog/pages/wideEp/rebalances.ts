/** Row: EPLB rebalances: who is rearranging now, how often, how long, and how long ago. */
import { AnnotationSpec, PanelSpec, RowSpec, ValueMapping } from '../../panelSpec';
import { QUANTITIES } from '../../../queries/signals/quantities';
import {
  REARRANGEMENT_EVENT_STEP,
  rearrangementDurationMean,
  rearrangementDurationQuantile,
  rearrangementEvents,
  rearrangementsInRange,
  rebalancingPerPod,
  secondsSinceRearrangement,
} from '../../../queries/wideep';
import { DURATION_NO_DATA, GROUP_LEGEND, PROPOSED_NOTE, REARRANGEMENTS_NO_DATA, REBALANCING_NO_DATA } from './shared';

const REBALANCING: ValueMapping[] = [
  { value: '0', text: 'serving', color: 'green' },
  { value: '1', text: 'rebalancing', color: 'orange' },
];

const timeline: PanelSpec = {
  id: 'wideep.rebalanceTimeline',
  title: 'Rebalance timeline',
  description:
    'When each pod was rearranging experts (vllm:eplb_rebalancing of the open vLLM pull request #49956, 1 while weights move on any of its engines), one row per pod. ' +
    'The pull request records it on engine 0 only, without an engine label; the seeds\' proposal adds engine, which this chart folds into its pod so that a fleet draws one row per pod, not per engine. ' +
    'Good: short orange bars at the EPLB step interval, all engines of a group together. Long bars stall the group; bars at peak load are worth moving (step_interval).',
  viz: 'state-timeline',
  mappings: REBALANCING,
  noData: REBALANCING_NO_DATA,
  width: 16,
  queries: (ctx) => [{ expr: rebalancingPerPod(ctx), legend: '{{pod}}' }],
};

const rebalancingNow: PanelSpec = {
  id: 'wideep.rebalancingNow',
  title: 'Rebalancing right now',
  description:
    "Whether each pod is rearranging experts at this moment (vllm:eplb_rebalancing of the open vLLM pull request #49956, max over the pod's engines). " +
    'Serving (green) is normal; a pod that reads rebalancing answers slowly until it finishes, so a load balancer may route around it.',
  viz: 'stat',
  mappings: REBALANCING,
  thresholds: [
    { value: null, color: 'green' },
    { value: 1, color: 'orange' },
  ],
  noData: REBALANCING_NO_DATA,
  width: 8,
  options: { graphMode: 'none', textMode: 'value_and_name', colorMode: 'background' },
  queries: (ctx) => [{ expr: rebalancingPerPod(ctx), legend: '{{pod}}', instant: true }],
};

const count: PanelSpec = {
  id: 'wideep.rearrangements',
  title: 'Rearrangements in range',
  description:
    'Completed expert rearrangements per EP group in the selected time range (vllm:eplb_rebalance_events_total of the open vLLM pull request #49956; else the proposed vllm:eplb_rearrangements_total or vllm:expert_rebalances_total). ' +
    'Expect about range / step interval; more means rebalances are triggered more often than configured.',
  viz: 'stat',
  decimals: 0,
  noData: REARRANGEMENTS_NO_DATA,
  queries: (ctx) => [{ expr: rearrangementsInRange(ctx), legend: GROUP_LEGEND, instant: true }],
};

const duration: PanelSpec = {
  id: 'wideep.rearrangementDuration',
  title: 'Rearrangement duration',
  description:
    `How long expert rearrangements took in the selected range per EP group: p50, p95, the largest bucket reached (max) and the mean (proposed vllm:eplb_rearrangement_duration_seconds). ${PROPOSED_NOTE} ` +
    'The group serves nothing while weights move, so a few seconds every step interval is the cost of balance; tens of seconds are worth investigating.',
  viz: 'stat',
  unit: 's',
  noData: DURATION_NO_DATA,
  width: 8,
  options: { textMode: 'value_and_name', graphMode: 'none' },
  queries: (ctx) => [
    { expr: rearrangementDurationQuantile(ctx, 0.5), legend: `${GROUP_LEGEND} p50`, instant: true },
    { expr: rearrangementDurationQuantile(ctx, 0.95), legend: `${GROUP_LEGEND} p95`, instant: true },
    { expr: rearrangementDurationQuantile(ctx, 1), legend: `${GROUP_LEGEND} max`, instant: true },
    { expr: rearrangementDurationMean(ctx), legend: `${GROUP_LEGEND} mean`, instant: true },
  ],
};

const sinceLast: PanelSpec = {
  id: 'wideep.sinceRearrangement',
  title: 'Since last rearrangement',
  description:
    "Time since each EP group last completed an expert rearrangement in the selected range, to a minute's precision (vllm:eplb_rebalance_events_total of vLLM #49956, or the proposed vllm:eplb_rearrangements_total). " +
    'It should stay below the EPLB step interval; a growing value means rebalancing stopped (or the range holds none).',
  viz: 'stat',
  unit: 's',
  // Empty also when EPLB runs but the range is shorter than its step interval: say both.
  noData: `No rearrangement completed in the selected range. With EPLB on, one completes every step interval; if none ever does: ${QUANTITIES.rearrangements.missing}`,
  options: { graphMode: 'none', textMode: 'value_and_name' },
  queries: (ctx) => [{ expr: secondsSinceRearrangement(ctx), legend: GROUP_LEGEND, instant: true }],
};

export const REBALANCE_ROW: RowSpec = {
  title: 'Rebalances',
  panels: [timeline, rebalancingNow, count, duration, sinceLast],
};

/** Rearrangements drawn on every time series of the page. */
export const REARRANGEMENT_ANNOTATION: AnnotationSpec = {
  name: 'Expert rearrangements',
  expr: (ctx) => rearrangementEvents(ctx),
  titleFormat: 'Expert rearrangement {{model_name}}',
  color: 'orange',
  step: REARRANGEMENT_EVENT_STEP,
};
