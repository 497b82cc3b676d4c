/**
 * The Wide EP page's queries over the last hour, as the page sends them, next to the same panels written the
 * straightforward way (raw series, no bounds, no aggregation first). For each: Prometheus' evaluation time
 * and the samples it touched (`stats=all`). Prints a table; asserts nothing about time.
 *   PROM_URL=http://127.0.0.1:9090 npx tsx bench/wideEpQueries.ts
 */
import { WIDE_EP_PAGE } from '../src/catalog/pages/wideEp';
import { variableContext } from '../src/queries/context';
import { DEFAULT_ROLE_PRESET, findPreset } from '../src/settings/rolePresets';
import { interpolate } from '../src/testing/promqlGrammar';
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
}

export interface QueryRow {
  panel: string;
  legend: string;
  kind: 'range' | 'instant';
  page: Stats;
  naive: Stats;
}

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
  const res = await fetch(`${promUrl}${path}?${params}`);
  const body = (await res.json()) as any;
  if (body.status !== 'success') {
    throw new Error(`${expr}: ${body.error}`);
  }
  return {
    evalSeconds: body.data.stats?.timings?.evalTotalTime ?? NaN,
    samples: body.data.stats?.samples?.totalQueryableSamples ?? NaN,
    series: body.data.result.length,
  };
}

/**
 * Grafana's step for a one-hour range on a ~1,400 px panel is about 3 s, raised to the data source's minimum
 * interval (15 s by default) or the query's own; `$__rate_interval` is then max(step + scrape, 4 × scrape).
 */
function stepOf(interval: string | undefined, scrapeSeconds: number): number {
  const own = interval ? parseInt(interval, 10) * (interval.endsWith('m') ? 60 : 1) : 0;
  return Math.max(15, own, scrapeSeconds);
}

export async function benchWideEpQueries(promUrl: string, scrapeSeconds: number): Promise<QueryRow[]> {
  const ctx = variableContext(findPreset(DEFAULT_ROLE_PRESET)!.mapping, WIDE_EP_PAGE.filters);
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
      const instant = q.instant === true;
      const page = await run(promUrl, interpolate(q.expr, vars), instant, step);
      // The naive panel reads raw series over the whole range, even where the page asks for one instant.
      const naiveExpr = naive[Math.min(i, naive.length - 1)];
      const naiveStats = naiveExpr
        ? await run(promUrl, naiveExpr, false, step)
        : { evalSeconds: NaN, samples: NaN, series: NaN };
      rows.push({
        panel: panel.id,
        legend: q.legend ?? '',
        kind: instant ? 'instant' : 'range',
        page,
        naive: naiveStats,
      });
    }
  }
  return rows;
}

const ms = (s: number) => (Number.isNaN(s) ? '-' : (s * 1000).toFixed(1));
const n = (v: number) => (Number.isNaN(v) ? '-' : v.toLocaleString('en-US'));

export function printQueryTable(rows: QueryRow[]): void {
  console.log(`Wide EP page queries over the last ${RANGE_SECONDS / 3600} h: page query vs the straightforward panel`);
  const header = ['panel', 'query', 'kind', 'page ms', 'page samples', 'series', 'naive ms', 'naive samples', 'series'];
  const widths = [28, 34, 7, 9, 14, 7, 9, 14, 7];
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 3 ? c.slice(0, widths[i]).padEnd(widths[i]) : c.padStart(widths[i]))).join(' ');
  console.log(line(header));
  let pageSamples = 0;
  let naiveSamples = 0;
  for (const r of rows) {
    pageSamples += r.page.samples || 0;
    naiveSamples += r.naive.samples || 0;
    console.log(
      line([
        r.panel.replace('wideep.', ''),
        r.legend,
        r.kind,
        ms(r.page.evalSeconds),
        n(r.page.samples),
        n(r.page.series),
        ms(r.naive.evalSeconds),
        n(r.naive.samples),
        n(r.naive.series),
      ])
    );
  }
  console.log(`total samples touched: page ${n(pageSamples)}, naive ${n(naiveSamples)}`);
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
