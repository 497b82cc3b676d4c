import { readFileSync } from 'fs';
import { join } from 'path';
import { CustomVariable, QueryVariable, sceneGraph, SceneTimeRange } from '@grafana/scenes';
import { SPEC_PAGES } from '../../catalog/pages';
import { PREFILL_DECODE_PAGE } from '../../catalog/pages/prefillDecode';
import { includedDashboardUid } from '../../constants';
import { carriedLocation, carriedSearch, rememberPage } from '../../components/App/carryNavigation';
import { resolveSettings } from '../../settings/settings';
import { buildPageScene } from '../buildPageScene';
import { DashboardLink } from '../DashboardLink';

describe('the link from each page to its included dashboard', () => {
  it('names the uid of the dashboard file the plugin ships for that page', () => {
    for (const page of SPEC_PAGES) {
      const json = JSON.parse(readFileSync(join(__dirname, '..', '..', 'dashboards', `${page.route}.json`), 'utf8'));
      expect(includedDashboardUid(page.route)).toBe(json.uid);
      const link = sceneGraph.findObject(buildPageScene(page, resolveSettings({})), (o) => o instanceof DashboardLink) as DashboardLink;
      expect(link.state.dashboardUid).toBe(json.uid);
    }
  });

  it('carries the page time range and filters, not the app\'s role values', () => {
    const scene = buildPageScene(PREFILL_DECODE_PAGE, resolveSettings({ datasourceUid: 'prom-a' }));
    scene.setState({ $timeRange: new SceneTimeRange({ from: 'now-3h', to: 'now-1h' }) });
    (scene.state.$variables!.getByName('model') as QueryVariable).setState({ value: ['m1', 'm2'], text: ['m1', 'm2'] });
    (scene.state.$variables!.getByName('role') as CustomVariable).setState({ value: ['prefill'], text: ['prefill'] });
    const link = sceneGraph.findObject(scene, (o) => o instanceof DashboardLink) as DashboardLink;
    expect(sceneGraph.interpolate(link, '${__all_variables}')).toContain('var-role=prefill');
    const url = new URL(link.href(), 'http://grafana');
    expect(url.pathname).toBe('/d/llmd-fleet-prefill-decode');
    expect(url.searchParams.get('from')).toBe('now-3h');
    expect(url.searchParams.get('to')).toBe('now-1h');
    expect(url.searchParams.get('var-datasource')).toBe('prom-a');
    expect(url.searchParams.getAll('var-model')).toEqual(['m1', 'm2']);
    expect(url.searchParams.has('var-role')).toBe(false);
  });
});

describe('sidebar navigation between pages', () => {
  const previous = '?from=now-6h&to=now&timezone=utc&refresh=30s&var-datasource=prom-a&var-model=m1&var-model=m2&layout=x';

  it('carries time range, refresh and variables (multi-valued too) to a page reached without any', () => {
    const next = new URLSearchParams(carriedSearch(previous, '')!);
    expect(next.get('from')).toBe('now-6h');
    expect(next.get('to')).toBe('now');
    expect(next.get('refresh')).toBe('30s');
    expect(next.getAll('var-model')).toEqual(['m1', 'm2']);
    expect(next.has('layout')).toBe(false);
  });

  it('keeps what the new URL already has and adds nothing when it sets its own view', () => {
    expect(carriedSearch(previous, '?var-model=m3&from=now-1h&to=now')).toBeUndefined();
    expect(new URLSearchParams(carriedSearch(previous, '?inspect=p1')!).get('inspect')).toBe('p1');
    expect(carriedSearch('?layout=x', '')).toBeUndefined();
  });
});

describe('arriving on a page from the sidebar', () => {
  it('continues with the view of the page shown last, and leaves the same page alone', () => {
    rememberPage('/a/app/overview', '?from=now-2h&to=now&var-model=m1');
    expect(carriedLocation('/a/app/gpus', '')).toBe('/a/app/gpus?from=now-2h&to=now&var-model=m1');
    expect(carriedLocation('/a/app/overview', '')).toBeUndefined();
    expect(carriedLocation('/a/app/gpus', '?from=now-5m&to=now')).toBeUndefined();
  });
});
