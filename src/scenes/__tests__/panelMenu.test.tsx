import React from 'react';
import { act, render, screen } from '@testing-library/react';
import { FieldType, LoadingState, toDataFrame } from '@grafana/data';
import { DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { sceneGraph, SceneQueryRunner, SceneTimeRange, VizPanel, VizPanelMenu } from '@grafana/scenes';
import { SPEC_PAGES } from '../../catalog/pages';
import { PREFILL_DECODE_PAGE } from '../../catalog/pages/prefillDecode';
import { prefixRoute } from '../../constants';
import { resolveSettings } from '../../settings/settings';
import { buildPageScene } from '../buildPageScene';
import { PanelInspector } from '../PanelInspector';
import { EXPLORE_TEXT, INSPECT_TEXT } from '../panelMenu';

function menuItems(panel: VizPanel) {
  const menu = panel.state.menu as VizPanelMenu;
  const close = menu.activate();
  const items = menu.state.items ?? [];
  return { items, menu, close };
}

function firstPanel(scene: ReturnType<typeof buildPageScene>) {
  return sceneGraph.findObject(scene, (o) => o instanceof VizPanel) as VizPanel;
}

function runnerOf(panel: VizPanel): SceneQueryRunner {
  return sceneGraph.findObject(panel, (o) => o instanceof SceneQueryRunner) as SceneQueryRunner;
}

describe('panel menus in the app', () => {
  it('offer Explore and Inspect on every panel of every page', () => {
    for (const page of SPEC_PAGES) {
      const scene = buildPageScene(page, resolveSettings({}));
      const panels = sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
      expect(panels.length).toBeGreaterThan(0);
      for (const panel of panels) {
        const menu = panel.state.menu as VizPanelMenu;
        expect(menu).toBeInstanceOf(VizPanelMenu);
        // The menu fills itself when it opens (activates); the page need not be running its queries.
        expect(menu.state.items ?? []).toEqual([]);
        const { items, close } = menuItems(panel);
        close();
        expect(items.slice(0, 2).map((i) => i.text)).toEqual([EXPLORE_TEXT, INSPECT_TEXT]);
      }
    }
  });

  it('keep the panel links after them, with the page time range and filters filled in', () => {
    const scene = buildPageScene(PREFILL_DECODE_PAGE, resolveSettings({ datasourceUid: 'prom-a' }));
    scene.setState({ $timeRange: new SceneTimeRange({ from: 'now-6h', to: 'now' }) });
    const { items, close } = menuItems(firstPanel(scene));
    close();
    const links = items.filter((i) => i.href && i.text !== EXPLORE_TEXT);
    expect(links.map((i) => i.text)).toEqual(['Wide EP for this selection', 'GPUs for this selection']);
    expect(items[2].type).toBe('divider');
    const wideEp = links[0].href!;
    expect(wideEp.startsWith(`${prefixRoute('wide-ep')}?`)).toBe(true);
    expect(wideEp).toMatch(/from=now-6h&to=now/);
    expect(wideEp).toContain('var-datasource=prom-a');
    expect(wideEp).not.toContain('${');
    expect(links[1].href!.startsWith(`${prefixRoute('gpus')}?`)).toBe(true);
  });

  it('link Explore to the queries the panel last ran, as the data source interpolates them (fake of Grafana\'s DataSourceSrv)', async () => {
    const interpolated: string[] = [];
    setDataSourceSrv({
      get: async () => ({
        interpolateVariablesInQueries: (queries: Array<{ expr: string; datasource: unknown }>) =>
          queries.map((q) => {
            interpolated.push(q.expr);
            return { ...q, expr: q.expr.replace('$namespace', 'ns-1'), datasource: { type: 'prometheus', uid: 'prom-a' } };
          }),
      }),
    } as unknown as DataSourceSrv);
    const scene = buildPageScene(PREFILL_DECODE_PAGE, resolveSettings({ datasourceUid: 'prom-a' }));
    scene.setState({ $timeRange: new SceneTimeRange({ from: 'now-6h', to: 'now' }) });
    const panel = firstPanel(scene);
    const runner = runnerOf(panel);
    runner.setState({
      data: {
        state: LoadingState.Done,
        series: [],
        timeRange: sceneGraph.getTimeRange(panel).state.value,
        request: { targets: runner.state.queries } as never,
      },
    });
    const { menu, close } = menuItems(panel);
    await new Promise((r) => setTimeout(r, 0));
    const explore = (menu.state.items ?? [])[0];
    close();
    expect(explore.text).toBe(EXPLORE_TEXT);
    const left = JSON.parse(decodeURIComponent(explore.href!.replace('/explore?left=', '')));
    expect(left.datasource).toBe('prom-a');
    expect(left.range).toEqual({ from: 'now-6h', to: 'now' });
    expect(left.queries.map((q: { refId: string }) => q.refId)).toEqual(runner.state.queries.map((q) => q.refId));
    expect(interpolated).toEqual(runner.state.queries.map((q) => q.expr));
  });

  it('open the page inspector on Inspect, which shows the queries and data and is kept in the URL', () => {
    const scene = buildPageScene(PREFILL_DECODE_PAGE, resolveSettings({ datasourceUid: 'prom-a' }));
    const panel = firstPanel(scene);
    const { items, close } = menuItems(panel);
    items.find((i) => i.text === INSPECT_TEXT)!.onClick!({} as React.MouseEvent);
    close();
    const inspector = PanelInspector.find(scene)!;
    expect(inspector.state.panelKey).toBe(panel.state.key);
    expect(inspector.getUrlState()).toEqual({ inspect: panel.state.key });
    runnerOf(panel).setState({
      data: {
        state: LoadingState.Done,
        timeRange: sceneGraph.getTimeRange(panel).state.value,
        series: [toDataFrame({ name: 'prefill', fields: [{ name: 'Time', type: FieldType.time, values: [1, 2] }, { name: 'Value', type: FieldType.number, values: [3, 4] }] })],
      },
    });
    render(<inspector.Component model={inspector} />);
    expect(screen.getByText(`Inspect: ${panel.state.title}`)).toBeTruthy();
    const query = runnerOf(panel).state.queries[0];
    expect(screen.getByTestId(`inspect-query-${query.refId}`).textContent).toContain(sceneGraph.interpolate(panel, query.expr));
    expect(screen.getByText('prefill: 2 rows')).toBeTruthy();
    act(() => inspector.updateFromUrl({ inspect: 'no-such-panel' }));
    expect(inspector.panel()).toBeUndefined();
    expect(screen.getByText('No panel on this page has the key "no-such-panel".')).toBeTruthy();
  });
});
