/**
 * "Likely causes": why throughput may have dropped over the dashboard's range, each candidate cause scored 0..1
 * against the range before it (src/queries/causes). Also drawn as annotations on the page's time series.
 */
import { AnnotationSpec, PanelSpec, RowSpec } from '../../panelSpec';
import { CauseWindow, likelyCauses } from '../../../queries/causes';
import { gt, num } from '../../../queries/promql';

const likelyCausesPanel: PanelSpec = {
  id: 'overview.likelyCauses',
  title: 'Likely causes',
  description:
    'Why output tokens/s may have fallen over the time range, against the range before it. One row per cause with a 0..1 score ' +
    'computed from its evidence (docs/causes.md): rebalance, expert_imbalance, dbo_fallout, straggler, nixl, kv_pressure, routing, ' +
    'target_down, gpu, and demand (fewer requests: no fault). Evidence "missing" means the deployment exports none of that ' +
    "cause's metrics, so it cannot be judged; below 0.3 is noise.",
  viz: 'table',
  lead: 'generationTokens',
  width: 12,
  min: 0,
  max: 1,
  decimals: 2,
  thresholds: [
    { value: null, color: 'green' },
    { value: 0.3, color: 'orange' },
    { value: 0.7, color: 'red' },
  ],
  queries: (ctx) => [{ expr: likelyCauses(ctx), instant: true, format: 'table' }],
  transformations: [
    {
      id: 'organize',
      options: {
        excludeByName: { Time: true },
        renameByName: { cause: 'Cause', evidence: 'Evidence', Value: 'Score' },
      },
    },
    { id: 'sortBy', options: { sort: [{ field: 'Score', desc: true }] } },
  ],
  overrides: [
    { match: { byName: 'Score' }, properties: [{ id: 'custom.cellOptions', value: { type: 'color-background' } }] },
  ],
};

/** Short windows so each annotation marks when a cause began, not the whole dashboard range. */
const ANNOTATION_WINDOW: CauseWindow = { range: '5m', baseline: '15m', stuck: '1m' };

export const LIKELY_CAUSE_ANNOTATION: AnnotationSpec = {
  name: 'Likely causes',
  expr: (ctx) => gt(likelyCauses(ctx, ANNOTATION_WINDOW), num(0.5)),
  titleFormat: 'Likely cause: {{cause}}',
  color: 'purple',
  // Grafana asks an annotation query at its step (sent as the query's minimum interval, src/panels/annotations.ts)
  // and joins events at most one step apart into one region (grafana/grafana
  // packages/grafana-prometheus/src/annotations.ts @25fa767d77de519adb52e2ce7882bc9416e708c1, processEvents). Each
  // point scores its whole [range] window, so a step of the window misses no sample and costs a fifth of a 1m step:
  // the scores over an hour at 15 s steps read 34 M samples at 64 engines (docs/scale.md).
  step: ANNOTATION_WINDOW.range,
};

export const LIKELY_CAUSES_ROW: RowSpec = { title: 'Why did throughput drop?', panels: [likelyCausesPanel] };
