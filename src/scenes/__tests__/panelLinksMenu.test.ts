import { sceneGraph, SceneTimeRange, VizPanel, VizPanelMenu } from '@grafana/scenes';
import { PREFILL_DECODE_PAGE } from '../../catalog/pages/prefillDecode';
import { prefixRoute, ROUTES } from '../../constants';
import { resolveSettings } from '../../settings/settings';
import { buildPageScene } from '../buildPageScene';

describe('panel links in the app', () => {
  it('open from the panel menu with the page time range and filters filled in', () => {
    const scene = buildPageScene(PREFILL_DECODE_PAGE, resolveSettings({ datasourceUid: 'prom-a' }));
    scene.setState({ $timeRange: new SceneTimeRange({ from: 'now-6h', to: 'now' }) });
    const panel = sceneGraph.findObject(scene, (o) => o instanceof VizPanel) as VizPanel;
    const menu = panel.state.menu as VizPanelMenu;
    expect(menu).toBeInstanceOf(VizPanelMenu);
    // The menu fills itself when it opens (activates); the page need not be running its queries.
    expect(menu.state.items ?? []).toEqual([]);
    const close = menu.activate();
    const items = menu.state.items ?? [];
    close();
    expect(items.map((i) => i.text)).toEqual(['Wide EP for this selection', 'GPUs for this selection']);
    const wideEp = items[0].href!;
    expect(wideEp.startsWith(`${prefixRoute(ROUTES.WideEp)}?`)).toBe(true);
    expect(wideEp).toMatch(/from=now-6h&to=now/);
    expect(wideEp).toContain('var-datasource=prom-a');
    expect(wideEp).not.toContain('${');
    expect(items[1].href!.startsWith(`${prefixRoute(ROUTES.Gpus)}?`)).toBe(true);
  });
});
