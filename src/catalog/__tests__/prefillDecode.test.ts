/**
 * The Prefill/Decode page: every panel the issue asks for exists, explains itself, says what enables it when
 * empty, links onward with the time range and filters, and keeps hostile variable values inside their matchers.
 */
import { parser } from '@prometheus-io/lezer-promql';
import { panelSignals } from '../panelSignals';
import { print } from '../../queries/promql';
import { PREFILL_DECODE_PAGE } from '../pages/prefillDecode';
import { REQUIREMENTS } from '../../queries/signals/requirements';
import { SIGNALS } from '../../queries/signals/signals';
import { buildPanel } from '../../panels/buildPanel';
import { dashboardFor } from '../../dashboards/dashboardModel';
import { pagePanels } from '../../testing/pagePanels';
import { interpolateQueryExpr, SPECIAL_CHARS_ESCAPING } from '../../testing/grafanaInterpolation';
import { interpolate, promqlSyntaxErrors, SAMPLE_VARIABLES } from '../../testing/promqlGrammar';
import { prefixRoute } from '../../constants';

const page = PREFILL_DECODE_PAGE;
const { panels, ctx, byId, exprs } = pagePanels(page);

describe('Prefill/Decode page', () => {
  // The eleven panels of the issue, by the panels that answer each.
  const ISSUE_PANELS: Record<string, string[]> = {
    '1 token sources, decode KV share': ['pd.tokenSources', 'pd.decodeKvShare'],
    '2 decode recompute': ['pd.decodeRecompute'],
    '3 true vs naive prefill throughput': ['pd.prefillThroughput'],
    '4 KV tokens, bytes, bytes per token': ['pd.kvVolume', 'pd.bytesPerToken'],
    '5 NIXL latency, transfers, bandwidth, distributions': [
      'pd.nixlLatency',
      'pd.nixlTransfers',
      'pd.nixlBandwidth',
      'pd.bytesPerTransfer',
      'pd.descriptorsPerTransfer',
    ],
    '6 NIXL failures': ['pd.nixlFailedTransfers', 'pd.nixlFailedNotifications', 'pd.nixlExpiredRequests'],
    '7 prefix cache hit rates': ['pd.prefixCache'],
    '8 interleaved batches': ['pd.batchShares', 'pd.interleavedShare'],
    '9 queues and KV cache': ['pd.waitingByReason', 'pd.runningWaiting', 'pd.kvCacheUsage', 'pd.preemptions'],
    '10 TTFT decomposition': ['pd.ttftDecomposition'],
    '11 router decisions and load ratio': ['pd.routerDecisions', 'pd.loadRatio'],
  };

  it.each(Object.entries(ISSUE_PANELS))('has panel %s', (_item, ids) => {
    for (const id of ids) {
      expect(byId(id).queries(ctx).length).toBeGreaterThan(0);
    }
  });

  it('offers the model, namespace, role, pod and engine filters', () => {
    expect(page.filters).toEqual(['model', 'namespace', 'role', 'pod', 'engine']);
  });

  it('names in every description a metric the panel reads', () => {
    for (const p of panels) {
      const names = panelSignals(p, ctx).flatMap((s) => SIGNALS[s].names.map((n) => n.name));
      const mentioned = names.some((n) => p.description.includes(n) || p.description.includes(n.replace(/_total$/, '')));
      expect({ id: p.id, mentioned }).toEqual({ id: p.id, mentioned: true });
    }
  });

  it('tells what enables a panel whose metrics may be absent', () => {
    const noValue = (id: string) => String(buildPanel(byId(id), ctx).fieldConfig.defaults.noValue);
    for (const id of ['pd.nixlLatency', 'pd.nixlBandwidth', 'pd.nixlFailedTransfers', 'pd.bytesPerToken']) {
      expect(noValue(id)).toContain(REQUIREMENTS.nixl.howTo);
    }
    for (const id of ['pd.batchShares', 'pd.interleavedShare']) {
      expect(noValue(id)).toContain(REQUIREMENTS['pd-proposed'].howTo);
    }
    expect(noValue('pd.tokenSources')).toContain(REQUIREMENTS['vllm-by-source'].howTo);
    expect(noValue('pd.waitingByReason')).toContain(REQUIREMENTS['vllm-waiting-by-reason'].howTo);
    expect(noValue('pd.routerDecisions')).toContain(REQUIREMENTS.epp.howTo);
    expect(noValue('pd.kvVolume')).toContain(REQUIREMENTS.nixl.howTo);
  });

  it('reads transferred prompt tokens (upstream), falling back to the proposed tokens counter', () => {
    const [tokens] = exprs('pd.kvVolume');
    expect(tokens.indexOf('source="external_kv_transfer"')).toBeLessThan(tokens.indexOf(' or '));
    expect(tokens.slice(tokens.indexOf(' or '))).toContain('vllm:nixl_tokens_transferred_total');
  });

  it('shows decode prompt tokens computed per request with the expected one-token line and the excess above it', () => {
    const legends = byId('pd.decodeRecompute').queries(ctx).map((q) => q.legend);
    expect(legends).toEqual(['all decode pods', '{{pod}}', 'expected (1 per transferred request)', 'above expected, all decode pods']);
    const [, , baseline, excess] = exprs('pd.decodeRecompute');
    // Drawn only while decode pods count prompt tokens by source, so a fleet without them sees the empty text.
    expect(baseline).toMatch(/ or \(\(vector\(1\)\) and on\(\) \(count\(rate\(vllm:prompt_tokens_by_source_total\{.*source="local_compute"\}/);
    // Recorded mode: the excess record where the rules are loaded, else the clamped difference itself.
    expect(excess).toMatch(/^\(sum\(fleet:vllm_prompt_tokens_by_source:decode_computed_excess_per_request_rate5m\{.*\}\)\) or \(clamp_min\(.* - \(1\), 0\)\)$/);
    expect(byId('pd.decodeRecompute').description).toMatch(/about 1 token per request/);
  });

  it('puts KV cache usage thresholds at 70 % and 90 %', () => {
    expect(byId('pd.kvCacheUsage').thresholds?.map((t) => t.value)).toEqual([null, 0.7, 0.9]);
    expect(byId('pd.kvCacheUsage').unit).toBe('percentunit');
  });

  it('reads shares and rates from rate() windows, never from raw counters', () => {
    for (const p of panels) {
      for (const e of p.queries(ctx).map((q) => print(q.expr))) {
        for (const m of e.matchAll(/(vllm:[a-z_]+_total|llm_d_[a-z_]+_total|vllm:[a-z_]+_(?:sum|count|bucket))\{/g)) {
          const before = e.slice(0, m.index);
          expect({ id: p.id, metric: m[1], inRate: /rate\($/.test(before) }).toEqual({ id: p.id, metric: m[1], inRate: true });
        }
      }
    }
  });

  it('keeps each role in a stack of its own where shares are stacked', () => {
    for (const id of ['pd.batchShares', 'pd.ttftDecomposition', 'pd.tokenSources']) {
      const groups = (byId(id).overrides ?? []).map((o) => (o.properties[0].value as { group: string }).group);
      expect(groups).toEqual(['prefill', 'decode']);
      for (const q of byId(id).queries(ctx)) {
        expect(q.legend).toMatch(/^\{\{role\}\} /);
      }
    }
  });
});

describe('drill-down links', () => {
  const expected = (['wide-ep', 'gpus'] as const).map((r) => `${prefixRoute(r)}?\${__url_time_range}&\${__all_variables}`);

  it('carry the time range and every variable to the Wide EP and GPU pages from every panel', () => {
    for (const p of panels) {
      expect(buildPanel(p, ctx).links?.map((l) => l.url)).toEqual(expected);
    }
  });

  it('reach the included dashboard as Grafana panel links', () => {
    const json = dashboardFor(page) as unknown as { panels: Array<{ type: string; links?: Array<{ url: string }> }> };
    const visible = json.panels.filter((p) => p.type !== 'row');
    expect(visible.length).toBe(panels.length);
    for (const p of visible) {
      expect(p.links?.map((l) => l.url)).toEqual(expected);
    }
  });
});

/**
 * Grafana's Prometheus data source escaping of a multi-value variable for a regex matcher (with
 * prometheusSpecialCharsInLabelValues; src/testing/grafanaInterpolation.ts cites it).
 */
const dataSourceRegexEscape = (values: string[]) =>
  interpolateQueryExpr(values, { multi: true, includeAll: true }, SPECIAL_CHARS_ESCAPING);

/** The node types of a parsed query in order: equal sequences mean equal structure. */
function shape(expr: string): string[] {
  const names: string[] = [];
  parser.parse(expr).iterate({ enter: (n) => void names.push(n.type.name) });
  return names;
}

/** The regexes of every `model_name=~"..."` matcher, decoded from their PromQL string literals. */
function modelRegexes(expr: string): RegExp[] {
  return Array.from(expr.matchAll(/model_name=~"((?:[^"\\]|\\.)*)"/g)).map(
    (m) => new RegExp(`^(?:${JSON.parse(`"${m[1]}"`)})$`)
  );
}

describe('hostile variable values', () => {
  const hostile = 'a"b|c.*<script>';
  const benign = interpolate;
  const all = panels.flatMap((p) => p.queries(ctx).map((q) => ({ id: p.id, expr: print(q.expr) })));

  it.each([
    ['one hostile model', [hostile]],
    ['hostile among others', [hostile, 'deepseek-ai/DeepSeek-V3']],
  ])('%s stays inside the model matcher of every query', (_name, models) => {
    const vars = { ...SAMPLE_VARIABLES, model: dataSourceRegexEscape(models) };
    const withModel = all.filter((q) => q.expr.includes('$model'));
    // Every query that reads a series; a constant line (the expected baseline) has no model to match.
    expect(withModel.length).toBe(all.filter((q) => !/^vector\(/.test(q.expr)).length);
    for (const { id, expr } of withModel) {
      const text = interpolate(expr, vars);
      expect({ id, errors: promqlSyntaxErrors(text) }).toEqual({ id, errors: [] });
      expect({ id, same: shape(text).join() === shape(benign(expr)).join() }).toEqual({ id, same: true });
      const regexes = modelRegexes(text);
      expect(regexes.length).toBeGreaterThan(0);
      for (const re of regexes) {
        for (const m of models) {
          expect(re.test(m)).toBe(true);
        }
        for (const near of ['a', 'c', 'a"b', 'c.*<script>', 'axb|c.*<script>', 'a"b|cX<script>']) {
          expect(re.test(near)).toBe(false);
        }
      }
    }
  });
});
