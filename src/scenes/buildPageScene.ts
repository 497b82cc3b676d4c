/**
 * Page spec + settings → the page's scene: controls, a data source check, and the grid of rows and panels.
 */
import {
  EmbeddedScene,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneGridItem,
  SceneGridLayout,
  SceneGridRow,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
} from '@grafana/scenes';
import { PageSpec } from '../catalog/panelSpec';
import { pageVariables } from '../catalog/variableSpecs';
import { buildPanel } from '../panels/buildPanel';
import { layoutRows } from '../panels/layout';
import { variableContext } from '../queries/context';
import { AppSettings } from '../settings/settings';
import { buildVariables } from './buildVariables';
import { buildVizPanel } from './buildVizPanel';
import { DataSourceNotice } from './DataSourceNotice';
import { pageExtras } from '../extras';
import { buildAnnotationLayers } from './buildAnnotationLayers';
import { DashboardLink } from './DashboardLink';
import { PanelInspector } from './PanelInspector';
import { includedDashboardUid } from '../constants';
import { ttftThreshold, withTraceLinks } from '../traces/traceLinks';

export const DEFAULT_TIME_RANGE = { from: 'now-1h', to: 'now' };
export const REFRESH_INTERVALS = ['5s', '10s', '30s', '1m', '5m', '15m'];

export function buildPageGrid(page: PageSpec, settings: AppSettings): SceneGridLayout {
  const ctx = variableContext(settings.role, page.filters);
  const threshold = ttftThreshold(page, settings);
  const models = page.rows.map((row) => row.panels.map((p) => buildPanel(withTraceLinks(p, settings.traces, threshold), ctx)));
  const layout = layoutRows(models);
  return new SceneGridLayout({
    isDraggable: false,
    isResizable: false,
    isLazy: true,
    children: layout.map(
      (row, i) =>
        new SceneGridRow({
          key: `row-${page.id}-${i}`,
          title: page.rows[i].title,
          y: row.y,
          isCollapsible: true,
          isCollapsed: Boolean(page.rows[i].collapsed),
          children: row.items.map(
            ({ item, pos }) =>
              new SceneGridItem({
                key: `item-${item.key}`,
                x: pos.x,
                y: pos.y,
                width: pos.w,
                height: pos.h,
                body: buildVizPanel(item),
              })
          ),
        })
    ),
  });
}

export function buildPageScene(page: PageSpec, settings: AppSettings): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange(DEFAULT_TIME_RANGE),
    $data: buildAnnotationLayers(page, settings),
    $variables: new SceneVariableSet({
      variables: buildVariables(
        pageVariables(page, settings.role, settings.datasourceUid, {
          ttftSeconds: settings.sloTtftSeconds,
          itlSeconds: settings.sloItlSeconds,
        })
      ),
    }),
    controls: [
      new VariableValueSelectors({}),
      new SceneControlsSpacer(),
      new SceneTimePicker({ isOnCanvas: true }),
      new SceneRefreshPicker({ intervals: REFRESH_INTERVALS, isOnCanvas: true, refresh: '30s' }),
      // Pages with panels have an included dashboard (src/generation/dashboardFiles.ts).
      ...(page.rows.some((r) => r.panels.length > 0) ? [new DashboardLink({ dashboardUid: includedDashboardUid(page.route) })] : []),
    ],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({ body: new DataSourceNotice({ configuredUid: settings.datasourceUid }) }),
        ...pageExtras(page.id, settings).map((body) => new SceneFlexItem({ body })),
        new SceneFlexItem({ body: buildPageGrid(page, settings) }),
        new SceneFlexItem({ body: new PanelInspector({}) }),
      ],
    }),
  });
}
