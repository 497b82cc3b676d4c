/**
 * A page spec as an included dashboard, built with the Grafana foundation SDK. The panels are the same panel
 * models the app renders; the role mapping comes from dashboard variables (see catalog/dashboardRole.ts)
 * because a dashboard cannot read the app's configuration.
 */
import * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DASHBOARD_ROLE_MAPPING, VAR_DECODE_MATCH, VAR_PREFILL_MATCH, VAR_ROLE_LABEL } from '../catalog/dashboardRole';
import { PageSpec } from '../catalog/panelSpec';
import { pageVariables, VariableSpec } from '../catalog/variableSpecs';
import { PLUGIN_ID } from '../constants';
import { annotationModel } from '../panels/annotations';
import { buildPanel } from '../panels/buildPanel';
import { layoutRows } from '../panels/layout';
import { EXPERT_MATRIX_PANEL_ID, PanelModel } from '../panels/model';
import { variableContext } from '../queries/context';
import { DATASOURCE_REF } from '../queries/variables';
import { DEFAULT_ROLE_PRESET, findPreset } from '../settings/rolePresets';

export const DASHBOARD_TAGS = ['llm-d', 'vllm', PLUGIN_ID];

/** A prebuilt object as a foundation SDK builder, for parts the SDK models loosely (panels, annotations). */
const built = <T>(value: unknown): cog.Builder<T> => ({ build: () => value as T });

export function dashboardUid(page: PageSpec): string {
  return `llmd-fleet-${page.route}`;
}

/**
 * Panels that exist only inside the app become their closest core visualization: the expert matrix is a
 * heatmap of the same query over time (one row per expert).
 */
function forDashboard(model: PanelModel): Record<string, unknown> {
  const { key, width, height, ...panel } = model;
  if (panel.type === EXPERT_MATRIX_PANEL_ID) {
    return {
      ...panel,
      type: 'heatmap',
      targets: panel.targets.map((t) => ({ ...t, instant: false, range: true, format: 'time_series' })),
      options: { calculate: false, yAxis: { axisPlacement: 'left' }, color: { scheme: 'YlOrRd', mode: 'scheme' }, cellGap: 0 },
      description: `${panel.description} (In the app this is a layer × expert matrix; here, a heatmap over time.)`,
    };
  }
  return panel;
}

const roleDefaults = findPreset(DEFAULT_ROLE_PRESET)!.mapping;

function variableBuilders(spec: VariableSpec): Array<cog.Builder<dashboard.VariableModel>> {
  switch (spec.kind) {
    case 'datasource':
      return [new dashboard.DatasourceVariableBuilder(spec.name).label(spec.label).type(spec.pluginId)];
    case 'query': {
      const v = new dashboard.QueryVariableBuilder(spec.name)
        .label(spec.label)
        .datasource(DATASOURCE_REF)
        .query(spec.query)
        .definition(spec.query)
        .multi(spec.multi)
        .includeAll(spec.includeAll)
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .sort(dashboard.VariableSort.AlphabeticalAsc);
      if (spec.allValue !== undefined) {
        v.allValue(spec.allValue);
      }
      if (spec.regex !== undefined) {
        v.regex(spec.regex);
      }
      return [v];
    }
    case 'role':
      // Users edit the three text boxes to match how their pods carry the P/D role.
      return [
        new dashboard.TextBoxVariableBuilder(VAR_ROLE_LABEL)
          .label('Role label')
          .description('The Prometheus label that carries the P/D role (llm-d: llm_d_ai_role; KServe: llm_isvc_role; or job, pod).')
          .defaultValue(roleDefaults.label),
        new dashboard.TextBoxVariableBuilder(VAR_PREFILL_MATCH)
          .label('Prefill matches')
          .description('Regex the role label matches on prefill pods.')
          .defaultValue(roleDefaults.prefill),
        new dashboard.TextBoxVariableBuilder(VAR_DECODE_MATCH)
          .label('Decode matches')
          .description('Regex the role label matches on decode pods.')
          .defaultValue(roleDefaults.decode),
        new dashboard.CustomVariableBuilder(spec.name)
          .label(spec.label)
          .values(`prefill : $${VAR_PREFILL_MATCH}, decode : $${VAR_DECODE_MATCH}`)
          .multi(true)
          .includeAll(true)
          .allValue('.*'),
      ];
    case 'textbox':
      return [new dashboard.TextBoxVariableBuilder(spec.name).label(spec.label).description(spec.description).defaultValue(spec.value)];
    default: {
      const unknown = spec as { kind: string };
      throw new Error(`No dashboard variable for kind ${unknown.kind}`);
    }
  }
}

export function dashboardFor(page: PageSpec): dashboard.Dashboard {
  const ctx = variableContext(DASHBOARD_ROLE_MAPPING, page.filters);
  const builder = new dashboard.DashboardBuilder(`llm-d Fleet / ${page.title}`)
    .uid(dashboardUid(page))
    .description(page.subtitle)
    .tags(DASHBOARD_TAGS)
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .timezone('browser');
  for (const v of pageVariables(page, DASHBOARD_ROLE_MAPPING).flatMap(variableBuilders)) {
    builder.withVariable(v);
  }
  for (const a of page.annotations ?? []) {
    builder.annotation(built<dashboard.AnnotationQuery>({ ...annotationModel(a, ctx), datasource: DATASOURCE_REF }));
  }
  const models = page.rows.map((row) => row.panels.map((p) => buildPanel(p, ctx)));
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
