/**
 * Trace links in the app's panel menus: with a trace data source in the settings, the TTFT panel's menu links to
 * Explore with the page's time range and SLO variable filled in; without one, no menu has a trace link.
 */
import { sceneGraph, SceneTimeRange, VizPanel, VizPanelMenu } from '@grafana/scenes';
import { dateTime } from '@grafana/data';
import { SPEC_PAGES } from '../../catalog/pages';
import { OVERVIEW_PAGE } from '../../catalog/pages/overview';
import { PREFILL_DECODE_PAGE } from '../../catalog/pages/prefillDecode';
import { resolveSettings } from '../../settings/settings';
import { TRACE_LINK_TITLES } from '../../traces/traceLinks';
import { buildPageScene } from '../buildPageScene';

const TRACE_TITLES = Object.values(TRACE_LINK_TITLES);
const FROM = '2026-01-01T10:00:00Z';
const TO = '2026-01-01T11:00:00Z';

function openMenu(panel: VizPanel) {
  const menu = panel.state.menu as VizPanelMenu;
  const close = menu.activate();
  const items = menu.state.items ?? [];
  close();
  return items;
}

function panelByKey(scene: ReturnType<typeof buildPageScene>, key: string): VizPanel {
  return sceneGraph.findObject(scene, (o) => o instanceof VizPanel && o.state.key === key) as VizPanel;
}

function pane(href: string) {
  const panes = JSON.parse(new URL(href, 'http://grafana.local').searchParams.get('panes')!);
  return Object.values(panes)[0] as { datasource: string; queries: Array<Record<string, any>>; range: { from: string; to: string } };
}

describe('trace links in panel menus', () => {
  it('none on any page without a trace data source', () => {
    for (const page of SPEC_PAGES) {
      const scene = buildPageScene(page, resolveSettings({}));
      for (const panel of sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[]) {
        expect(openMenu(panel).filter((i) => TRACE_TITLES.includes(i.text))).toEqual([]);
      }
    }
  });

  it('the TTFT panel links to Tempo with the page time range and the SLO variable filled in', () => {
    const settings = resolveSettings({ traces: { datasourceUid: 'tempo-a', datasourceType: 'tempo' }, sloTtftSeconds: 1.25 });
    const scene = buildPageScene(OVERVIEW_PAGE, settings);
    scene.setState({ $timeRange: new SceneTimeRange({ from: FROM, to: TO }) });
    const link = openMenu(panelByKey(scene, 'overview.ttft')).find((i) => i.text === TRACE_LINK_TITLES.slowTtft);
    expect(link?.href).toBeDefined();
    expect(link!.href).not.toContain('${');
    const p = pane(link!.href!);
    expect(p.datasource).toBe('tempo-a');
    expect(p.range).toEqual({ from: String(dateTime(FROM).valueOf()), to: String(dateTime(TO).valueOf()) });
    expect(p.queries[0].query).toBe('{ name = "llm_request" && span.gen_ai.latency.time_to_first_token > 1.25 }');
    expect(openMenu(panelByKey(scene, 'overview.itl')).some((i) => TRACE_TITLES.includes(i.text))).toBe(false);
  });

  it('the TTFT decomposition links to a Jaeger search with the configured target', () => {
    const settings = resolveSettings({
      traces: { datasourceUid: 'jaeger-a', datasourceType: 'jaeger', serviceName: 'vllm' },
      sloTtftSeconds: 3,
    });
    const scene = buildPageScene(PREFILL_DECODE_PAGE, settings);
    const link = openMenu(panelByKey(scene, 'pd.ttftDecomposition')).find((i) => i.text === TRACE_LINK_TITLES.ttftDecomposition);
    const p = pane(link!.href!);
    expect(p.datasource).toBe('jaeger-a');
    expect(p.queries[0]).toMatchObject({ queryType: 'search', service: 'vllm', operation: 'llm_request', minDuration: '3s' });
  });
});
