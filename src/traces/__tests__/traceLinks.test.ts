/**
 * Trace links: the TraceQL and Jaeger searches use the span and attribute names vLLM emits (vllm-project/vllm
 * vllm/tracing.py @ 03b8a674ec7e654ab285df6f013a53a24381f941, vllm/v1/engine/output_processor.py
 * @ d07822605346f767b672503c9aae85aa23ef2d82), the Explore URL decodes to one pane on the configured data
 * source over the page's time range, and panels get a link only when a trace data source is configured.
 */
import { panelsOf } from '../../catalog/pages';
import { OVERVIEW_PAGE } from '../../catalog/pages/overview';
import { PREFILL_DECODE_PAGE } from '../../catalog/pages/prefillDecode';
import { PanelSpec } from '../../catalog/panelSpec';
import { defaultSettings, resolveSettings, TraceSettings } from '../../settings/settings';
import { validateSettings } from '../../settings/validateSettings';
import { interpolate } from '../../testing/promqlGrammar';
import { traceqlStrings, traceqlSyntaxErrors } from '../../testing/traceqlGrammar';
import {
  exploreUrl,
  TRACE_LIMIT,
  TRACE_LINK_TITLES,
  traceLinks,
  traceQlQuery,
  traceQuery,
  ttftThreshold,
  withTraceLinks,
} from '../traceLinks';

const TEMPO: TraceSettings = { datasourceUid: 'tempo-1', datasourceType: 'tempo' };
const JAEGER: TraceSettings = { datasourceUid: 'jaeger-1', datasourceType: 'jaeger', serviceName: 'vllm-decode' };

/** The Explore pane a link opens, with the templates filled the way the panel menu fills them. */
function paneOf(url: string, values: Record<string, string> = { __from: '1700000000000', __to: '1700000600000', slo_ttft: '2' }) {
  const filled = url.replace(/\$\{([A-Za-z0-9_.:]+)\}/g, (_m, name: string) => values[name]);
  const parsed = new URL(filled, 'http://grafana.local');
  expect(parsed.pathname).toBe('/explore');
  expect(parsed.searchParams.get('schemaVersion')).toBe('1');
  const panes = JSON.parse(parsed.searchParams.get('panes')!);
  expect(Object.keys(panes)).toHaveLength(1);
  return Object.values(panes)[0] as { datasource: string; queries: Array<Record<string, any>>; range: { from: string; to: string } };
}

describe('TraceQL over vLLM request spans', () => {
  it('selects llm_request spans whose gen_ai.latency.time_to_first_token exceeds the threshold', () => {
    expect(traceQlQuery('slowTtft', '2')).toBe('{ name = "llm_request" && span.gen_ai.latency.time_to_first_token > 2 }');
  });

  it('narrows to the configured service, escaping the TraceQL string', () => {
    expect(traceQlQuery('slowTtft', '0.5', 'vllm "a"')).toBe(
      '{ name = "llm_request" && resource.service.name = "vllm \\"a\\"" && span.gen_ai.latency.time_to_first_token > 0.5 }'
    );
  });

  it('shows queue and prefill time next to the TTFT for the decomposition', () => {
    expect(traceQlQuery('ttftDecomposition', '${slo_ttft}')).toBe(
      '{ name = "llm_request" && span.gen_ai.latency.time_to_first_token > ${slo_ttft} } | ' +
        'select(span.gen_ai.latency.time_in_queue, span.gen_ai.latency.time_in_model_prefill, span.gen_ai.latency.time_to_first_token)'
    );
  });
});

describe('Explore URLs', () => {
  it('open one pane on the data source over the page time range, templates left for the panel menu', () => {
    const url = exploreUrl('tempo-1', { queryType: 'traceql', query: '{ a > ${slo_ttft} }' });
    expect(url).toContain('${__from}');
    expect(url).toContain('${__to}');
    expect(url).toContain('${slo_ttft}');
    const pane = paneOf(url);
    expect(pane.datasource).toBe('tempo-1');
    expect(pane.range).toEqual({ from: '1700000000000', to: '1700000600000' });
    expect(pane.queries).toEqual([{ refId: 'A', queryType: 'traceql', query: '{ a > 2 }' }]);
  });

  it('search Tempo with TraceQL', () => {
    const pane = paneOf(traceLinks('slowTtft', TEMPO, '${slo_ttft}')[0].url);
    expect(pane.queries[0]).toEqual({
      refId: 'A',
      datasource: { type: 'tempo', uid: 'tempo-1' },
      queryType: 'traceql',
      query: '{ name = "llm_request" && span.gen_ai.latency.time_to_first_token > 2 }',
      limit: TRACE_LIMIT,
      tableType: 'traces',
    });
  });

  it('search Jaeger for llm_request spans of the service longer than the threshold', () => {
    expect(traceQuery('slowTtft', JAEGER, '1.5')).toEqual({
      datasource: { type: 'jaeger', uid: 'jaeger-1' },
      queryType: 'search',
      service: 'vllm-decode',
      operation: 'llm_request',
      minDuration: '1.5s',
      limit: TRACE_LIMIT,
    });
  });
});

describe('which panels link to traces', () => {
  const traceTitles = (spec: PanelSpec, traces?: TraceSettings) =>
    (withTraceLinks(spec, traces, '2').links ?? []).map((l) => l.title).filter((t) => Object.values(TRACE_LINK_TITLES).includes(t));

  it('none without a trace data source', () => {
    for (const spec of [...panelsOf(OVERVIEW_PAGE), ...panelsOf(PREFILL_DECODE_PAGE)]) {
      expect(traceTitles(spec, undefined)).toEqual([]);
      expect(withTraceLinks(spec, undefined, '2')).toBe(spec);
    }
  });

  it('the TTFT panels and the TTFT decomposition with one, ahead of their drill-downs', () => {
    const linked = [...panelsOf(OVERVIEW_PAGE), ...panelsOf(PREFILL_DECODE_PAGE)]
      .filter((spec) => traceTitles(spec, TEMPO).length > 0)
      .map((spec) => spec.id);
    expect(linked).toEqual(['overview.ttft', 'overview.ttftHeatmap', 'pd.ttftDecomposition']);
    const decomposition = panelsOf(PREFILL_DECODE_PAGE).find((p) => p.id === 'pd.ttftDecomposition')!;
    const links = withTraceLinks(decomposition, TEMPO, '2').links!;
    expect(links[0].title).toBe(TRACE_LINK_TITLES.ttftDecomposition);
    expect(links.slice(1)).toEqual(decomposition.links);
    expect(paneOf(links[0].url).queries[0].query).toContain('| select(');
  });

  it('use the page SLO variable where the page has one, else the configured target', () => {
    const settings = resolveSettings({ sloTtftSeconds: 0.75 });
    expect(ttftThreshold(OVERVIEW_PAGE, settings)).toBe('${slo_ttft}');
    expect(ttftThreshold(PREFILL_DECODE_PAGE, settings)).toBe('0.75');
  });
});

describe('service names that reach a link', () => {
  const NAMES = ['vllm', 'vllm-decode.prod', 'a&b=c#d%20e', 'naïve 服务', 'a}b{', 'a"b', 'a\\b', '${__from}', 'a$b', 'line\nbreak', '', '   '];

  it.each(NAMES)('%p is refused with a message, or reaches TraceQL intact', (serviceName) => {
    const traces: TraceSettings = { ...TEMPO, serviceName };
    const errors = validateSettings({ ...defaultSettings(), traces });
    if (errors.traces) {
      expect(errors.traceServiceName).toMatch(/service name/);
      expect(resolveSettings({ traces }).traces).toBeUndefined();
      return;
    }
    const resolved = resolveSettings({ traces }).traces!;
    const query = paneOf(traceLinks('slowTtft', resolved, '2')[0].url).queries[0].query as string;
    expect(query).toBe(
      serviceName.trim()
        ? `{ name = "llm_request" && resource.service.name = "${serviceName}" && span.gen_ai.latency.time_to_first_token > 2 }`
        : '{ name = "llm_request" && span.gen_ai.latency.time_to_first_token > 2 }'
    );
  });
});

describe("TraceQL the links write, parsed by Grafana's TraceQL grammar (@grafana/lezer-traceql)", () => {
  // Names the settings accept (braces, ampersands, any script), and quotes and backslashes they refuse but the
  // builder escapes anyway. Line breaks are refused by the settings and not written (Grafana's grammar has no \n).
  const HOSTILE = ['vllm-decode', 'a}b{ || { true', 'naïve 服务', 'a"b', 'ends\\', '"} || { true', 'x\\"} | select(span.y'];
  const THRESHOLDS = ['2', '0.25', String(defaultSettings().sloTtftSeconds), interpolate('${slo_ttft}')];
  const KINDS = ['slowTtft', 'ttftDecomposition'] as const;

  it.each(KINDS)('%s parses for every threshold, with and without a service name', (kind) => {
    for (const threshold of THRESHOLDS) {
      for (const serviceName of [undefined, ...HOSTILE]) {
        const query = traceQlQuery(kind, threshold, serviceName);
        expect({ query, errors: traceqlSyntaxErrors(query) }).toEqual({ query, errors: [] });
        // A hostile service name stays one string literal: it cannot close the selection or add a condition.
        expect(traceqlStrings(query)).toEqual(['llm_request', ...(serviceName === undefined ? [] : [serviceName])]);
      }
    }
  });

  it('the query inside the Explore link is the one that parses, once the panel menu fills the threshold', () => {
    const [link] = traceLinks('ttftDecomposition', { ...TEMPO, serviceName: HOSTILE[3] }, '${slo_ttft}');
    const query = paneOf(link.url).queries[0].query as string;
    expect(traceqlSyntaxErrors(query)).toEqual([]);
    expect(traceqlStrings(query)).toEqual(['llm_request', HOSTILE[3]]);
    expect(query).toContain('span.gen_ai.latency.time_to_first_token > 2');
  });
});

