/**
 * A page spec as an included dashboard, built with the Grafana foundation SDK. The panels are the same panel
 * models the app renders; the role mapping comes from dashboard variables (see catalog/dashboardRole.ts)
 * because a dashboard cannot read the app's configuration. Every variable a query names is defined here, and
 * every variable value reaches PromQL either escaped by the data source or from a fixed list of options.
 */
import * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DASHBOARD_ROLE_FILTER, DASHBOARD_ROLE_MAPPING, dashboardRecordedGate } from '../catalog/dashboardRole';
import { PageSpec } from '../catalog/panelSpec';
import { pageVariables } from '../catalog/variableSpecs';
import { PLUGIN_ID } from '../constants';
import { annotationModel } from '../panels/annotations';
import { buildPanel } from '../panels/buildPanel';
import { layoutRows } from '../panels/layout';
import { EXPERT_MATRIX_PANEL_ID, PanelModel } from '../panels/model';
import { filterMatcher, QueryContext, variableContext } from '../queries/context';
import { FilterVariable, DATASOURCE_REF } from '../queries/variables';
import { roleMappingBuilders, usesRoleMapping, variableBuilders } from './dashboardVariables';

export const DASHBOARD_TAGS = ['llm-d', 'vllm', PLUGIN_ID];

/** A prebuilt object as a foundation SDK builder, for parts the SDK models loosely (panels, annotations). */
const built = <T>(value: unknown): cog.Builder<T> => ({ build: () => value as T });

export function dashboardUid(page: PageSpec): string {
  return `llmd-fleet-${page.route}`;
}

/**
 * Columns of the expert heatmap over any range. One layer is 256 experts (DeepSeek), so the heatmap returns
 * 256 × columns points: at 30, Grafana's step for 1 h is 2 minutes (range / max data points, rounded;
 * grafana/grafana pkg/promlib/intervalv2/intervalv2.go @1e15b8001f5af462e1187516ea1c55f3ea9ef758, Calculate),
 * 31 columns and 7,936 points, and stays ~30 columns over longer ranges. A hot expert stays hot between EPLB
 * rearrangements (minutes apart), so a 2 m column still shows which experts run hot and for how long.
 */
export const EXPERT_HEATMAP_MAX_DATA_POINTS = 30;

/**
 * Panels that exist only inside the app become their closest core visualization: the expert matrix is a
 * heatmap of the same query over time (one row per expert), at a bounded number of columns.
 */
function forDashboard(model: PanelModel): Record<string, unknown> {
  const { key, width, height, ...panel } = model;
  if (panel.type === EXPERT_MATRIX_PANEL_ID) {
    return {
      ...panel,
      type: 'heatmap',
      maxDataPoints: EXPERT_HEATMAP_MAX_DATA_POINTS,
      targets: panel.targets.map((t) => ({ ...t, instant: false, range: true, format: 'time_series' })),
      options: { calculate: false, yAxis: { axisPlacement: 'left' }, color: { scheme: 'YlOrRd', mode: 'scheme' }, cellGap: 0 },
      description: `${panel.description} (In the app this is a layer × expert matrix; here, a heatmap over time.)`,
    };
  }
  return panel;
}

/** Query context of a dashboard: the role filter on role names, every other filter as on the app's pages. */
export function dashboardContext(filters: FilterVariable[]): QueryContext {
  const ctx = variableContext(DASHBOARD_ROLE_MAPPING, filters);
  return { ...ctx, vllm: filters.map((f) => (f === 'role' ? DASHBOARD_ROLE_FILTER : filterMatcher(f, DASHBOARD_ROLE_MAPPING))) };
}

export function dashboardFor(page: PageSpec): dashboard.Dashboard {
  const ctx = dashboardContext(page.filters);
  const builder = new dashboard.DashboardBuilder(`llm-d Fleet / ${page.title}`)
    .uid(dashboardUid(page))
    .description(page.subtitle)
    .tags(DASHBOARD_TAGS)
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .timezone('browser');
  const specs = pageVariables(page, DASHBOARD_ROLE_MAPPING, undefined, undefined, DASHBOARD_ROLE_FILTER, dashboardRecordedGate());
  const annotations = (page.annotations ?? []).map((a) => ({ ...annotationModel(a, ctx), datasource: DATASOURCE_REF }));
  const models = page.rows.map((row) => row.panels.map((p) => buildPanel(p, ctx)));
  const [datasource, ...rest] = specs.flatMap(variableBuilders);
  builder.withVariable(datasource);
  if (usesRoleMapping(JSON.stringify([specs, annotations, models]))) {
    roleMappingBuilders().forEach((v) => builder.withVariable(v));
  }
  rest.forEach((v) => builder.withVariable(v));
  for (const a of annotations) {
    builder.annotation(built<dashboard.AnnotationQuery>(a));
  }
  let id = 1;
  layoutRows(models).forEach((row, i) => {
    const rowBuilder = new dashboard.RowBuilder(page.rows[i].title)
      .id(id++)
      .gridPos({ x: 0, y: row.y, w: 24, h: 1 })
      .collapsed(Boolean(page.rows[i].collapsed));
    if (page.rows[i].collapsed) {
      // A collapsed row carries its panels inside it, as Grafana saves them.
      for (const { item, pos } of row.items) {
        rowBuilder.withPanel(built<dashboard.Panel>({ ...forDashboard(item), id: id++, gridPos: pos }));
      }
      builder.withRow(rowBuilder);
    } else {
      builder.withRow(rowBuilder);
      for (const { item, pos } of row.items) {
        builder.withPanel(built<dashboard.Panel>({ ...forDashboard(item), id: id++, gridPos: pos }));
      }
    }
  });
  return builder.build();
}
