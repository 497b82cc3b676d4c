/**
 * The Wide EP page's queries over the last hour, as the page sends them, with the Layer control at All (the
 * page's default before it started at one layer) and at its default now (the first option of its own query:
 * the worst-balanced layer), next to the same panels written the straightforward way (raw series, no bounds,
 * no aggregation first). For each: Prometheus' evaluation time, the samples it touched (`stats=all`) and the
 * points it returned for the browser to draw. The expert matrix runs twice: at one instant as the app draws
 * it, and over the range as the included dashboard's heatmap does. Prints a table; asserts nothing.
 *   PROM_URL=http://127.0.0.1:9090 npx tsx bench/wideEpQueries.ts
 */
import { WIDE_EP_PAGE } from '../src/catalog/pages/wideEp';
import { print } from '../src/queries/promql';
import { variableContext } from '../src/queries/context';
import { DEFAULT_ROLE_PRESET, findPreset } from '../src/settings/rolePresets';
import { interpolate } from '../src/testing/promqlGrammar';
import { pageVariables } from '../src/catalog/variableSpecs';
import { ALL_VALUES } from '../tests/support/stack';

const RANGE_SECONDS = 3600;

/** What the same panels look like written without care: every raw series, over the whole range. */
const NAIVE: Record<string, string[]> = {
  'wideep.balancedness': ['vllm:eplb_balancedness_ratio'],
  'wideep.balancednessHeatmap': ['vllm:eplb_balancedness_ratio'],
  'wideep.tokensPerRank': ['vllm:eplb_max_tokens_per_rank', 'vllm:eplb_avg_tokens_per_rank'],
  'wideep.layerImbalance': ['vllm:eplb_max_tokens_per_rank / vllm:eplb_avg_tokens_per_rank'],
  'wideep.rebalanceTimeline': ['vllm:eplb_rebalancing'],
  'wideep.rebalancingNow': ['vllm:eplb_rebalancing'],
  'wideep.rearrangements': ['vllm:eplb_rearrangements_total'],
  'wideep.rearrangementDuration': [
    'histogram_quantile(0.95, rate(vllm:eplb_rearrangement_duration_seconds_bucket[1m]))',
  ],
  'wideep.sinceRearrangement': ['time() - vllm:eplb_rearrangements_created'],
  'wideep.expertMatrix': ['vllm:expert_load_per_expert_tokens_DEBUG'],
  'wideep.hotExperts': [
    'vllm:expert_load_per_expert_tokens_DEBUG / on(engine, layer) group_left sum by (engine, layer) (vllm:expert_load_per_expert_tokens_DEBUG)',
  ],
  'wideep.expertSeries': ['count(vllm:expert_load_per_expert_tokens_DEBUG)'],
  'wideep.expertConfig': ['vllm:expert_config_info'],
  'wideep.dboActive': ['vllm:dbo_active'],
  'wideep.dboEngaged': [
    'rate(vllm:ubatch_token_count_count{ubatch_index="second"}[1m]) / ignoring(ubatch_index) (rate(vllm:ubatch_token_count_count{ubatch_index="second"}[1m]) + ignoring(ubatch_index) sum without(reason) (rate(vllm:dbo_fallout_total[1m])))',
  ],
  'wideep.dboFallout': ['rate(vllm:dbo_fallout_total[1m])'],
  'wideep.ubatchTokens': ['histogram_quantile(0.95, rate(vllm:ubatch_token_count_bucket[1m]))'],
  'wideep.rankThroughput': ['rate(vllm:generation_tokens_total[1m])', 'rate(vllm:prompt_tokens_by_source_total[1m])'],
  'wideep.rankImbalance': ['rate(vllm:generation_tokens_total[1m])'],
  'wideep.slowestRank': ['rate(vllm:generation_tokens_total[1m])'],
  'wideep.rankQueues': ['vllm:num_requests_running', 'vllm:num_requests_waiting'],
  'wideep.throughputVariance': ['stddev_over_time(rate(vllm:generation_tokens_total[1m])[5m:])'],
};

interface Stats {
  evalSeconds: number;
  samples: number;
  series: number;
  /** Values returned: one per instant series, every step of every range series. */
  points: number;
  /** Points a full hour of history would return (range: series × steps); the warm-up holds less. */
  pointsPerHour: number;
}

export interface QueryRow {
  panel: string;
  legend: string;
  kind: 'range' | 'instant';
  /** The Layer control at All. */
  before: Stats;
  /** The Layer control at its default: the worst-balanced layer. */
  after: Stats;
  naive: Stats;
}

const NO_STATS: Stats = { evalSeconds: NaN, samples: NaN, series: NaN, points: NaN, pointsPerHour: NaN };

async function run(promUrl: string, expr: string, instant: boolean, step: number): Promise<Stats> {
  const end = Math.floor(Date.now() / 1000);
  const params = new URLSearchParams({ query: expr, stats: 'all' });
  let path = '/api/v1/query';
  if (instant) {
    params.set('time', String(end));
  } else {
    path = '/api/v1/query_range';
    params.set('start', String(end - RANGE_SECONDS));
    params.set('end', String(end));
    params.set('step', String(step));
  }
  const body = await api(promUrl, path, params);
  const result = body.data.result as Array<{ values?: unknown[] }>;
  const steps = Math.floor(RANGE_SECONDS / step) + 1;
  return {
    evalSeconds: body.data.stats?.timings?.evalTotalTime ?? NaN,
    samples: body.data.stats?.samples?.totalQueryableSamples ?? NaN,
    series: result.length,
    points: instant ? result.length : result.reduce((n, r) => n + (r.values?.length ?? 0), 0),
    pointsPerHour: instant ? result.length : result.length * steps,
  };
}

async function api(promUrl: string, path: string, params: URLSearchParams): Promise<any> {
  const res = await fetch(`${promUrl}${path}?${params}`);
  const body = (await res.json()) as any;
  if (body.status !== 'success') {
    throw new Error(`${params.get('query')}: ${body.error}`);
  }
  return body;
}

/** The Layer control's default: the first layer its own query lists (worst-balanced first). */
export async function defaultLayer(promUrl: string): Promise<string> {
  const spec = pageVariables(WIDE_EP_PAGE, findPreset(DEFAULT_ROLE_PRESET)!.mapping).find((v) => v.name === 'layer');
  if (!spec || spec.kind !== 'query') {
    throw new Error('the Wide EP page has no layer query variable');
  }
  const expr = interpolate(spec.query.replace(/^query_result\((.*)\)$/s, '$1'), ALL_VALUES);
  const body = await api(promUrl, '/api/v1/query', new URLSearchParams({ query: expr }));
  const first = body.data.result[0]?.metric?.layer;
  if (first === undefined) {
    throw new Error('the layer variable lists no layer: is the per-layer gauge exported?');
  }
  return first;
}

/**
 * Grafana's step for a one-hour range on a ~1,400 px panel is about 3 s, raised to the data source's minimum
 * interval (15 s by default) or the query's own; `$__rate_interval` is then max(step + scrape, 4 × scrape).
 */
function stepOf(interval: string | undefined, scrapeSeconds: number): number {
  const own = interval ? parseInt(interval, 10) * (interval.endsWith('m') ? 60 : 1) : 0;
  return Math.max(15, own, scrapeSeconds);
}

export async function benchWideEpQueries(
  promUrl: string,
  scrapeSeconds: number
): Promise<{ layer: string; rows: QueryRow[] }> {
  const ctx = variableContext(findPreset(DEFAULT_ROLE_PRESET)!.mapping, WIDE_EP_PAGE.filters);
  const layer = await defaultLayer(promUrl);
  const rows: QueryRow[] = [];
  for (const panel of WIDE_EP_PAGE.rows.flatMap((r) => r.panels)) {
    const naive = NAIVE[panel.id] ?? [];
    const queries = panel.queries(ctx);
    for (let i = 0; i < queries.length; i++) {
      const q = queries[i];
      const step = stepOf(q.interval, scrapeSeconds);
      const vars = {
        ...ALL_VALUES,
        __rate_interval: `${Math.max(step + scrapeSeconds, 4 * scrapeSeconds)}s`,
        __interval: `${step}s`,
        __range: `${RANGE_SECONDS}s`,
      };
      // The app's matrix reads one instant; the dashboard's heatmap fallback reads the same query over the range.
      const kinds: Array<{ instant: boolean; legend: string }> =
        panel.viz === 'expert-matrix'
          ? [
              { instant: true, legend: 'app matrix' },
              { instant: false, legend: 'dashboard heatmap' },
            ]
          : [{ instant: q.instant === true, legend: q.legend ?? '' }];
      for (const kind of kinds) {
        const before = await run(promUrl, interpolate(print(q.expr), vars), kind.instant, step);
        const after = await run(promUrl, interpolate(print(q.expr), { ...vars, layer }), kind.instant, step);
        // The naive panel reads raw series over the whole range, even where the page asks for one instant.
        const naiveExpr = naive[Math.min(i, naive.length - 1)];
        rows.push({
          panel: panel.id,
          legend: kind.legend,
          kind: kind.instant ? 'instant' : 'range',
          before,
          after,
          naive: naiveExpr ? await run(promUrl, naiveExpr, false, step) : NO_STATS,
        });
      }
    }
  }
  return { layer, rows };
}

const ms = (s: number) => (Number.isNaN(s) ? '-' : (s * 1000).toFixed(1));
const n = (v: number) => (Number.isNaN(v) ? '-' : v.toLocaleString('en-US'));

export function printQueryTable({ layer, rows }: { layer: string; rows: QueryRow[] }): void {
  console.log(
    `Wide EP page queries over the last ${RANGE_SECONDS / 3600} h: Layer control at All (before) and at its default, ` +
      `layer ${layer} (after); the straightforward panel for scale. "pts/1h" is what a full hour of history returns.`
  );
  const header = [
    'panel',
    'query',
    'kind',
    'all ms',
    'all samples',
    'all pts',
    'all pts/1h',
    'one ms',
    'one samples',
    'one pts',
    'one pts/1h',
    'naive samples',
  ];
  const widths = [24, 30, 7, 8, 12, 9, 11, 8, 12, 9, 11, 13];
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 3 ? c.slice(0, widths[i]).padEnd(widths[i]) : c.padStart(widths[i]))).join(' ');
  console.log(line(header));
  const total = { before: { ...ZERO }, after: { ...ZERO }, naive: 0 };
  for (const r of rows) {
    addTo(total.before, r.before);
    addTo(total.after, r.after);
    total.naive += r.naive.samples || 0;
    console.log(
      line([
        r.panel.replace('wideep.', ''),
        r.legend,
        r.kind,
        ms(r.before.evalSeconds),
        n(r.before.samples),
        n(r.before.points),
        n(r.before.pointsPerHour),
        ms(r.after.evalSeconds),
        n(r.after.samples),
        n(r.after.points),
        n(r.after.pointsPerHour),
        n(r.naive.samples),
      ])
    );
  }
  const sum = (t: typeof ZERO) =>
    `${ms(t.evalSeconds)} ms eval, ${n(t.samples)} samples, ${n(t.points)} points returned (${n(t.pointsPerHour)} over a full hour)`;
  console.log(`${rows.length} queries. All layers (before): ${sum(total.before)}`);
  console.log(`${rows.length} queries. Layer ${layer} (after):  ${sum(total.after)}`);
  console.log(`naive panels: ${n(total.naive)} samples`);
}

const ZERO = { evalSeconds: 0, samples: 0, points: 0, pointsPerHour: 0 };

function addTo(t: typeof ZERO, s: Stats): void {
  t.evalSeconds += s.evalSeconds || 0;
  t.samples += s.samples || 0;
  t.points += s.points || 0;
  t.pointsPerHour += s.pointsPerHour || 0;
}

if (require.main === module) {
  const promUrl = process.env.PROM_URL;
  if (!promUrl) {
    console.error('Set PROM_URL to a Prometheus that scrapes the simulator (see bench/run.ts).');
    process.exit(2);
  }
  benchWideEpQueries(promUrl, Number(process.env.SCRAPE_SECONDS ?? 15))
    .then(printQueryTable)
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
