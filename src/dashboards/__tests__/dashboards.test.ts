import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { interpolate, promqlSyntaxErrors } from '../../testing/promqlGrammar';
import { dashboardFiles, withDashboardIncludes } from '../files';

const SRC = join(__dirname, '..', '..');
const files = dashboardFiles();

interface Panel {
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: Array<{ expr: string; datasource: { uid: string } }>;
  panels?: Panel[];
  gridPos: { x: number; y: number; w: number; h: number };
  fieldConfig?: { defaults: { noValue?: string } };
}

const allPanels = (json: { panels: Panel[] }): Panel[] => json.panels.flatMap((p) => [p, ...(p.panels ?? [])]);

describe('included dashboards', () => {
  it('are generated for every page with panels', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files.map((f) => [f.path, f]))('%s on disk equals a fresh generation (run scripts/generate-dashboards.ts)', (path, f) => {
    const onDisk = existsSync(join(SRC, path)) ? readFileSync(join(SRC, path), 'utf8') : '';
    expect(onDisk).toEqual(f.json);
  });

  it('plugin.json includes exactly the generated dashboards, and every include path exists', () => {
    const plugin = JSON.parse(readFileSync(join(SRC, 'plugin.json'), 'utf8'));
    expect(withDashboardIncludes(plugin, files)).toEqual(plugin);
    for (const inc of plugin.includes.filter((i: { type: string }) => i.type === 'dashboard')) {
      expect(existsSync(join(SRC, inc.path))).toBe(true);
    }
  });

  it.each(files.map((f) => [f.path, f]))('%s: unique uid, only the ${datasource} variable as data source', (_, f) => {
    const json = JSON.parse(f.json);
    expect(json.uid).toMatch(/^llmd-fleet-[a-z-]+$/);
    const text = f.json;
    const uids = Array.from(text.matchAll(/"uid": "([^"]*)"/g)).map((m) => m[1]);
    expect(uids.filter((u) => u !== json.uid && u !== '${datasource}')).toEqual([]);
    expect(json.templating.list[0]).toMatchObject({ type: 'datasource', name: 'datasource', query: 'prometheus' });
  });

  it.each(files.map((f) => [f.path, f]))('%s: every query parses once the variables are interpolated', (_, f) => {
    const json = JSON.parse(f.json);
    const exprs = allPanels(json).flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    exprs.push(...(json.annotations?.list ?? []).filter((a: { expr?: string }) => a.expr).map((a: { expr: string }) => a.expr));
    expect(exprs.length).toBeGreaterThan(0);
    for (const expr of exprs) {
      expect({ expr, errors: promqlSyntaxErrors(interpolate(expr)) }).toEqual({ expr, errors: [] });
    }
  });

  it.each(files.map((f) => [f.path, f]))('%s: panels do not overlap and explain an empty result', (_, f) => {
    const json = JSON.parse(f.json);
    const visible = json.panels as Panel[];
    const cells = new Set<string>();
    for (const p of visible) {
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          const key = `${x},${y}`;
          expect({ panel: p.title, cell: key, taken: cells.has(key) }).toEqual({ panel: p.title, cell: key, taken: false });
          cells.add(key);
        }
      }
    }
    for (const p of allPanels(json).filter((p) => p.type !== 'row')) {
      expect(p.fieldConfig?.defaults.noValue ?? '').not.toEqual('');
    }
  });

  it('the role filter reads the dashboard role variables, not a fixed label', () => {
    const pd = files.find((f) => f.path.includes('prefill-decode'))!;
    expect(pd.json).toContain('$role_label');
    expect(JSON.parse(pd.json).templating.list.map((v: { name: string }) => v.name)).toEqual(
      expect.arrayContaining(['role_label', 'prefill_match', 'decode_match', 'role'])
    );
  });
});
