/**
 * Pure builders of the links from latency panels to the traces of slow requests: an Explore pane on the
 * configured Tempo or Jaeger data source, limited to the page's time range. The URL keeps `${__from}`,
 * `${__to}` and any `${variable}` in the threshold unencoded, so the panel menu interpolates them when it opens.
 */
import type { PageSpec, PanelLink, PanelSpec, TraceLinkKind } from '../catalog/panelSpec';
import { VAR_SLO_TTFT } from '../queries/variables';
import type { AppSettings, TraceSettings } from '../settings/settings';
import { LLM_REQUEST_SPAN, SPAN_ATTRIBUTES } from './vllmSpans';

export type { TraceLinkKind } from '../catalog/panelSpec';

/** Explore shows this many traces; enough to see a pattern, few enough to load fast. */
export const TRACE_LIMIT = 20;

export const TRACE_LINK_TITLES: Record<TraceLinkKind, string> = {
  slowTtft: 'Traces of requests with TTFT above the target',
  ttftDecomposition: 'Trace view: queue and prefill time of slow first tokens',
};

/** `${__from}` survives encodeURIComponent as `%24%7B__from%7D`; turn such references back into template syntax. */
function keepTemplates(encoded: string): string {
  return encoded.replace(/%24%7B([A-Za-z0-9_.:]+)%7D/g, (_m, name: string) => `\${${name}}`);
}

/** Grafana's Explore URL: `/explore?schemaVersion=1&panes={"<id>":{datasource, queries, range}}`. */
export function exploreUrl(datasourceUid: string, query: Record<string, unknown>): string {
  const panes = {
    traces: {
      datasource: datasourceUid,
      queries: [{ refId: 'A', ...query }],
      range: { from: '${__from}', to: '${__to}' },
    },
  };
  return `/explore?schemaVersion=1&panes=${keepTemplates(encodeURIComponent(JSON.stringify(panes)))}`;
}

/** A TraceQL string literal: quotes and backslashes escaped. */
function traceQlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * TraceQL over vLLM's request spans whose time to first token exceeds `threshold` (seconds, a number or a
 * `${variable}`). The decomposition adds the span's queue and prefill times as columns.
 */
export function traceQlQuery(kind: TraceLinkKind, threshold: string, serviceName?: string): string {
  const conditions = [
    `name = ${traceQlString(LLM_REQUEST_SPAN)}`,
    ...(serviceName ? [`resource.service.name = ${traceQlString(serviceName)}`] : []),
    `span.${SPAN_ATTRIBUTES.timeToFirstToken} > ${threshold}`,
  ];
  const spans = `{ ${conditions.join(' && ')} }`;
  if (kind === 'slowTtft') {
    return spans;
  }
  const columns = [SPAN_ATTRIBUTES.timeInQueue, SPAN_ATTRIBUTES.timeInModelPrefill, SPAN_ATTRIBUTES.timeToFirstToken];
  return `${spans} | select(${columns.map((c) => `span.${c}`).join(', ')})`;
}

/**
 * Grafana's Tempo query model (grafana/grafana public/app/plugins/datasource/tempo/dataquery.gen.ts
 * @ 008aba5cef5ef78bb609e08312a05d90dc6cd527) and Jaeger's (public/app/plugins/datasource/jaeger/types.ts
 * @ 0ab9c4f5c80590c1ea522377e90e96b456ab4614). Jaeger's search has no comparison on tags, so it asks for
 * `llm_request` spans longer than the threshold: a span lasts from arrival to the last token, so every request
 * with a slow first token is among them.
 */
export function traceQuery(kind: TraceLinkKind, traces: TraceSettings, threshold: string): Record<string, unknown> {
  const datasource = { type: traces.datasourceType, uid: traces.datasourceUid };
  if (traces.datasourceType === 'tempo') {
    return {
      datasource,
      queryType: 'traceql',
      query: traceQlQuery(kind, threshold, traces.serviceName),
      limit: TRACE_LIMIT,
      tableType: 'traces',
    };
  }
  return {
    datasource,
    queryType: 'search',
    service: traces.serviceName,
    operation: LLM_REQUEST_SPAN,
    minDuration: `${threshold}s`,
    limit: TRACE_LIMIT,
  };
}

/** The panel link for `kind`, or none without a configured trace data source. */
export function traceLinks(kind: TraceLinkKind | undefined, traces: TraceSettings | undefined, threshold: string): PanelLink[] {
  if (!kind || !traces) {
    return [];
  }
  return [{ title: TRACE_LINK_TITLES[kind], url: exploreUrl(traces.datasourceUid, traceQuery(kind, traces, threshold)) }];
}

/** The TTFT a trace must exceed: the page's slo_ttft variable where it has one, else the configured target. */
export function ttftThreshold(page: PageSpec, settings: AppSettings): string {
  return page.extraVariables?.includes('slo') ? `\${${VAR_SLO_TTFT}}` : String(settings.sloTtftSeconds);
}

/** The panel with its trace link first, when it asks for one and a trace data source is configured. */
export function withTraceLinks(spec: PanelSpec, traces: TraceSettings | undefined, threshold: string): PanelSpec {
  const links = traceLinks(spec.traces, traces, threshold);
  return links.length ? { ...spec, links: [...links, ...(spec.links ?? [])] } : spec;
}
