/**
 * Panel spec + query context → panel model. One factory per visualization supplies its defaults; this file
 * holds what every panel shares (queries, units, thresholds, the explanation shown when there is no data).
 */
import { PanelSpec } from '../catalog/panelSpec';
import { panelSignals } from '../catalog/panelSignals';
import { noDataText } from '../queries/signals/requirements';
import { SIGNALS } from '../queries/signals/signals';
import { QueryContext } from '../queries/context';
import { print } from '../queries/promql';
import { DATASOURCE_REF } from '../queries/variables';
import { PanelModel, PanelTarget } from './model';
import { vizDefaults } from './types';

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function buildTargets(spec: PanelSpec, ctx: QueryContext): PanelTarget[] {
  return spec.queries(ctx).map((q, i) => ({
    refId: REF_IDS[i],
    expr: print(q.expr),
    legendFormat: q.legend ?? '__auto',
    instant: Boolean(q.instant),
    range: !q.instant,
    format: q.format ?? (q.instant ? 'table' : 'time_series'),
    ...(q.interval ? { interval: q.interval } : {}),
    datasource: { ...DATASOURCE_REF },
  }));
}

export function panelNoData(spec: PanelSpec, ctx: QueryContext): string {
  if (spec.noData) {
    return spec.noData;
  }
  const first = panelSignals(spec, ctx)[0];
  return first ? noDataText(SIGNALS[first].requires) : 'No data.';
}

export function buildPanel(spec: PanelSpec, ctx: QueryContext): PanelModel {
  const base = vizDefaults(spec);
  const defaults: PanelModel['fieldConfig']['defaults'] = {
    ...base.defaults,
    noValue: panelNoData(spec, ctx),
    custom: { ...base.defaults.custom, ...spec.custom },
  };
  if (spec.unit) {
    defaults.unit = spec.unit;
  }
  if (spec.min !== undefined) {
    defaults.min = spec.min;
  }
  if (spec.max !== undefined) {
    defaults.max = spec.max;
  }
  if (spec.decimals !== undefined) {
    defaults.decimals = spec.decimals;
  }
  if (spec.thresholds) {
    defaults.thresholds = { mode: 'absolute', steps: spec.thresholds };
  }
  if (spec.mappings) {
    defaults.mappings = [
      {
        type: 'value',
        options: Object.fromEntries(
          spec.mappings.map((m, index) => [m.value, { text: m.text, color: m.color, index }])
        ),
      },
    ];
  }
  return {
    type: base.type,
    key: spec.id,
    title: spec.title,
    description: spec.description,
    datasource: { ...DATASOURCE_REF },
    targets: buildTargets(spec, ctx),
    fieldConfig: {
      defaults,
      overrides: [
        ...(spec.overrides ?? []).map((o) => ({
          matcher: o.match.byName
            ? { id: 'byName', options: o.match.byName }
            : o.match.byRegexp
              ? { id: 'byRegexp', options: o.match.byRegexp }
              : { id: 'byFrameRefID', options: o.match.byRefId ?? '' },
          properties: o.properties,
        })),
        // Label columns of a table are text: an empty label (a job with no role) stays empty rather than drawing
        // `noValue`, and a numeric-looking label (GPU 0, expert 92) is not formatted with the value's unit.
        ...(spec.viz === 'table'
          ? [
              {
                matcher: { id: 'byType', options: 'string' },
                properties: [
                  { id: 'noValue', value: ' ' },
                  { id: 'unit', value: 'string' },
                ],
              },
            ]
          : []),
      ],
    },
    options: { ...base.options, ...spec.options },
    transformations: spec.transformations ?? [],
    ...(spec.links ? { links: spec.links.map((l) => ({ title: l.title, url: l.url })) } : {}),
    width: spec.width ?? base.width,
    height: spec.height ?? base.height,
  };
}
