import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LABEL_NAME } from '../../catalog/dashboardRole';
import {
  dashboardQueries,
  HOSTILE_VALUES,
  hostileOptions,
  Pick,
  pickAll,
  pickDefaults,
  pickEveryOption,
  pickEverywhere,
  pickOne,
  resolveVariables,
  SavedDashboard,
  TEST_MACROS,
} from '../../testing/dashboardScenarios';
import { CLASSIC_ESCAPING, customOptions, interpolateGrafana, SPECIAL_CHARS_ESCAPING } from '../../testing/grafanaInterpolation';
import { promqlSyntaxErrors } from '../../testing/promqlGrammar';
import { dashboardFiles, withDashboardIncludes } from '../../generation/dashboardFiles';
import { EXPERT_HEATMAP_MAX_DATA_POINTS } from '../dashboardModel';

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

  describe.each(files.map((f) => [f.path, JSON.parse(f.json) as SavedDashboard]))(
    '%s with only its own variables, interpolated by Grafana\'s rules (parse only; tests/integration runs them)',
    (_, json) => {
      const queries = dashboardQueries(json);
      // Query variables answer with hostile label values; the dashboard's own regex filters them as Grafana would.
      const hostile = hostileOptions;
      const custom = json.templating.list.filter((v) => v.type === 'custom');
      const scenarios: Array<[string, Pick]> = [
        ['defaults', pickDefaults],
        ['All', pickAll],
        ['every hostile value selected', pickEveryOption],
        ...HOSTILE_VALUES.map((h): [string, Pick] => [`every query variable = ${JSON.stringify(h)}`, pickEverywhere(h)]),
        ...custom.flatMap((v) => customOptions(String(v.query)).map((o): [string, Pick] => [`${v.name} = ${o.value}`, pickOne(v.name, o.value)])),
      ];

      it('has queries', () => expect(queries.length).toBeGreaterThan(0));

      it.each([
        ['classic escaping', CLASSIC_ESCAPING],
        ['prometheusSpecialCharsInLabelValues escaping', SPECIAL_CHARS_ESCAPING],
      ])('every query parses in every scenario (%s)', async (_, mode) => {
        for (const [scenario, pick] of scenarios) {
          const vars = await resolveVariables(json, hostile, pick, mode);
          for (const q of queries) {
            const { text, unknown } = interpolateGrafana(q.expr, vars, TEST_MACROS, mode);
            expect({ scenario, where: q.where, unknown, errors: promqlSyntaxErrors(text), text }).toEqual({
              scenario,
              where: q.where,
              unknown: [],
              errors: [],
              text,
            });
          }
        }
      });

      it('offers no free text where a value lands outside an escaped string', () => {
        for (const v of json.templating.list) {
          expect({ name: v.name, type: v.type }).not.toEqual({ name: v.name, type: 'textbox' });
          if (v.type === 'custom' || v.type === 'query') {
            expect({ name: v.name, allowCustomValue: (v as { allowCustomValue?: boolean }).allowCustomValue }).toEqual({
              name: v.name,
              allowCustomValue: false,
            });
          }
        }
        const roleLabel = json.templating.list.find((v) => v.name === 'role_label');
        for (const o of roleLabel ? customOptions(String(roleLabel.query)) : []) {
          expect(o.value).toMatch(LABEL_NAME);
        }
      });
    }
  );

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

  it('draws the expert matrix as a heatmap of bounded columns (range / max data points), whatever the range', () => {
    const json = JSON.parse(files.find((f) => f.path.endsWith('wide-ep.json'))!.json) as { panels: Panel[] };
    const heatmap = allPanels(json).find((p) => p.title === 'Expert load: layer × expert') as Panel & {
      maxDataPoints?: number;
      targets: Array<{ instant: boolean }>;
    };
    expect({ type: heatmap.type, maxDataPoints: heatmap.maxDataPoints, instant: heatmap.targets[0].instant }).toEqual({
      type: 'heatmap',
      maxDataPoints: EXPERT_HEATMAP_MAX_DATA_POINTS,
      instant: false,
    });
  });

  it('the role filter offers role names, and every dashboard that projects roles defines the mapping variables', () => {
    for (const f of files) {
      const json = JSON.parse(f.json) as SavedDashboard;
      const names = json.templating.list.map((v) => v.name);
      if (/\$\{?role_(label|affix)\b/.test(JSON.stringify(json.panels))) {
        expect({ path: f.path, names }).toEqual({ path: f.path, names: expect.arrayContaining(['role_label', 'role_affix']) });
      }
      const role = json.templating.list.find((v) => v.name === 'role');
      if (role) {
        expect(customOptions(String(role.query)).map((o) => o.value)).toEqual(['prefill', 'decode']);
      }
    }
    const pd = JSON.parse(files.find((f) => f.path.includes('prefill-decode'))!.json) as SavedDashboard;
    expect(pd.templating.list.map((v) => v.name)).toEqual(expect.arrayContaining(['role']));
  });
});
