/**
 * The included dashboards as Grafana loads them, against a real Prometheus scraping the simulator. Each saved
 * dashboard (src/dashboards/*.json) brings only its own variables: query variables run their own queries in
 * Prometheus for their options, custom variables offer their own lists, and every panel and annotation query
 * is interpolated by Grafana's rules (src/testing/grafanaInterpolation.ts, which cites the Grafana and scenes
 * sources) and run. Scenarios: defaults, All, every option selected, each fixed choice, and hostile label
 * values under both of the Prometheus data source's escaping modes. No query may fail, ever.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  dashboardQueries,
  hostileOptions,
  OptionSource,
  parseVariableQuery,
  Pick,
  pickAll,
  pickDefaults,
  pickEveryOption,
  pickOne,
  queryResultText,
  resolveVariables,
  SavedDashboard,
  TEST_MACROS,
} from '../../src/testing/dashboardScenarios';
import {
  CLASSIC_ESCAPING,
  customOptions,
  EscapeMode,
  interpolateGrafana,
  ResolvedVariable,
  SPECIAL_CHARS_ESCAPING,
} from '../../src/testing/grafanaInterpolation';
import { ROOT, Stack, startStack } from './stack';

const DIR = join(ROOT, 'src/dashboards');
const dashboards: Array<[string, SavedDashboard]> = readdirSync(DIR)
  .filter((n) => n.endsWith('.json'))
  .sort()
  .map((n) => [n, JSON.parse(readFileSync(join(DIR, n), 'utf8')) as SavedDashboard]);

interface Outcome {
  scenario: string;
  where: string;
  /** The saved query, before interpolation. */
  expr: string;
  text: string;
  error?: string;
  series: Array<Record<string, string>>;
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ scenario: 'steady-pd' });
  await stack.waitForRange(25);
});

afterAll(() => stack?.stop());

/** Prometheus' answer to a query, or its error text; never throws for a bad query. */
async function run(path: string): Promise<{ data?: any; error?: string }> {
  const res = await fetch(`${stack.promUrl}${path}`);
  const body = (await res.json()) as { status: string; data?: any; error?: string };
  return body.status === 'success' ? { data: body.data } : { error: body.error ?? `HTTP ${res.status}` };
}

const instant = (expr: string) => run(`/api/v1/query?query=${encodeURIComponent(expr)}`);

/** Options of a query variable as the Prometheus data source finds them; a failing query fails the test. */
const prometheusOptions: OptionSource = async (v, query) => {
  const parsed = parseVariableQuery(query);
  if (!parsed) {
    throw new Error(`variable ${v.name}: query form not understood: ${query}`);
  }
  if (parsed.kind === 'label_values') {
    const now = Math.floor(Date.now() / 1000);
    const r = await run(`/api/v1/series?match[]=${encodeURIComponent(parsed.selector)}&start=${now - 300}&end=${now}`);
    if (r.error) {
      throw new Error(`variable ${v.name}: ${r.error} in ${query}`);
    }
    const values = (r.data as Array<Record<string, string>>).map((s) => s[parsed.label]).filter((x) => x !== undefined);
    return [...new Set(values)].sort();
  }
  const r = await instant(parsed.expr);
  if (r.error) {
    throw new Error(`variable ${v.name}: ${r.error} in ${query}`);
  }
  return (r.data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((s) =>
    queryResultText(s.metric, s.value[1], s.value[0])
  );
};

async function runAll(d: SavedDashboard, scenario: string, vars: Record<string, ResolvedVariable>, mode: EscapeMode): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const q of dashboardQueries(d)) {
    const { text, unknown } = interpolateGrafana(q.expr, vars, TEST_MACROS, mode);
    const r = unknown.length > 0 ? { error: `undefined variables ${unknown.join(', ')}` } : await instant(text);
    const series = r.data?.resultType === 'vector' || r.data?.resultType === 'matrix' ? r.data.result.map((s: { metric: Record<string, string> }) => s.metric) : [];
    out.push({ scenario, where: q.where, expr: q.expr, text, error: r.error, series });
  }
  return out;
}

const failures = (outcomes: Outcome[]) => outcomes.filter((o) => o.error).map(({ scenario, where, error, text }) => ({ scenario, where, error, text }));

describe.each(dashboards)('%s with only its own variables, in a real Prometheus', (_, d) => {
  const scenarios = (): Array<[string, OptionSource, Pick, EscapeMode]> => {
    const custom = d.templating.list.filter((v) => v.type === 'custom');
    return [
      ['defaults', prometheusOptions, pickDefaults, CLASSIC_ESCAPING],
      ['All', prometheusOptions, pickAll, CLASSIC_ESCAPING],
      ['every option selected', prometheusOptions, pickEveryOption, CLASSIC_ESCAPING],
      ['hostile values, classic escaping', hostileOptions, pickEveryOption, CLASSIC_ESCAPING],
      ['hostile values, special-chars escaping', hostileOptions, pickEveryOption, SPECIAL_CHARS_ESCAPING],
      ...custom.flatMap((v) =>
        customOptions(String(v.query)).map((o): [string, OptionSource, Pick, EscapeMode] => [
          `${v.name} = ${o.value}`,
          prometheusOptions,
          pickOne(v.name, o.value),
          CLASSIC_ESCAPING,
        ])
      ),
    ];
  };

  it('every query and every variable query runs without error in every scenario', async () => {
    const all: Outcome[] = [];
    for (const [name, options, pick, mode] of scenarios()) {
      const vars = await resolveVariables(d, options, pick, mode);
      all.push(...(await runAll(d, name, vars, mode)));
    }
    expect(all.length).toBeGreaterThan(0);
    expect(failures(all)).toEqual([]);
  });
});

describe('what the dashboards select, through Prometheus', () => {
  const pd = dashboards.find(([n]) => n === 'prefill-decode.json')![1];
  const roles = (outcomes: Outcome[]) => new Set(outcomes.flatMap((o) => o.series.map((s) => s.role)).filter(Boolean));

  it('at the defaults the role mapping finds prefill and decode pods', async () => {
    const vars = await resolveVariables(pd, prometheusOptions, pickDefaults, CLASSIC_ESCAPING);
    expect(roles(await runAll(pd, 'defaults', vars, CLASSIC_ESCAPING))).toEqual(new Set(['prefill', 'decode']));
  });

  it('mapped by pod name instead (role label pod, name contained), the same roles are found', async () => {
    const pick: Pick = (v, options) => (v.name === 'role_label' ? 'pod' : v.name === 'role_affix' ? '.*' : pickDefaults(v, options));
    const vars = await resolveVariables(pd, prometheusOptions, pick, CLASSIC_ESCAPING);
    expect(roles(await runAll(pd, 'by pod name', vars, CLASSIC_ESCAPING))).toEqual(new Set(['prefill', 'decode']));
  });

  it('the role filter on "decode" keeps decode pods only', async () => {
    const vars = await resolveVariables(pd, prometheusOptions, pickOne('role', 'decode'), CLASSIC_ESCAPING);
    expect(roles(await runAll(pd, 'role = decode', vars, CLASSIC_ESCAPING))).toEqual(new Set(['decode']));
  });

  it('without recording rules the Wide EP gate resolves to raw, and its gated queries answer from raw series', async () => {
    const ep = dashboards.find(([n]) => n === 'wide-ep.json')![1];
    const vars = await resolveVariables(ep, prometheusOptions, pickDefaults, CLASSIC_ESCAPING);
    // The gate variable ran its own query (no llmd:recording_rules:info here): no option, so the empty value.
    expect(vars.recorded.value).toBe('');
    const gated = (await runAll(ep, 'defaults', vars, CLASSIC_ESCAPING)).filter((o) => o.expr.includes('$recorded'));
    expect(gated.length).toBeGreaterThan(0);
    expect(gated.filter((o) => o.series.length > 0).map((o) => o.where)).toContainEqual(expect.stringContaining('Throughput per rank'));
  });

  it('hostile label values are matched literally: ".*" or "(x|y)" selected as a model selects no model', async () => {
    // Queries filtered by the model variable, without a constant fallback series (`or vector(0)`).
    const modelQueries = (outcomes: Outcome[]) =>
      outcomes.filter((o) => o.expr.includes('$model') && !o.expr.includes('vector(') && o.series.length > 0).map((o) => o.where);
    const all = await runAll(pd, 'All', await resolveVariables(pd, prometheusOptions, pickAll, CLASSIC_ESCAPING), CLASSIC_ESCAPING);
    expect(modelQueries(all).length).toBeGreaterThan(0);
    const hostileModel: Pick = (v, options) => (v.name === 'model' ? ['.*', '(x|y)'] : pickAll(v, options));
    const hostile = await runAll(pd, 'model = .*', await resolveVariables(pd, prometheusOptions, hostileModel, CLASSIC_ESCAPING), CLASSIC_ESCAPING);
    expect(failures(hostile)).toEqual([]);
    expect(modelQueries(hostile)).toEqual([]);
  });
});
