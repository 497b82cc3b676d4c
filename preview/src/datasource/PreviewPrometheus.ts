/**
 * A Prometheus data source for the preview host. It calls Prometheus' HTTP API through the preview server's
 * data source proxy (the same URL shape as Grafana's proxy), interpolates variables the way Grafana does, and
 * returns frames shaped like Grafana's own Prometheus data source. It is a stand-in, not Grafana's code.
 */
import { previewAnnotationSupport } from './annotations';
import {
  DataFrame,
  DataQuery,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  DataSourceJsonData,
  MetricFindValue,
  ScopedVars,
} from '@grafana/data';
import { sceneGraph, SceneObject } from '@grafana/scenes';
import { heatmapFrames, PromSeries, seriesFrames, tableFrame } from './frames';
import { interpolateQueryExpr, VariableShape } from './escape';
import { formatSeconds, parseDuration, rateIntervalSeconds, stepSeconds } from './rateInterval';

export interface PromQuery extends DataQuery {
  expr: string;
  legendFormat?: string;
  instant?: boolean;
  range?: boolean;
  format?: 'time_series' | 'table' | 'heatmap';
  interval?: string;
}

export interface PromJsonData extends DataSourceJsonData {
  timeInterval?: string;
}

interface ApiBody<T> {
  status: 'success' | 'error';
  data: T;
  error?: string;
}

export class PreviewPrometheus extends DataSourceApi<PromQuery, PromJsonData> {
  private readonly base: string;
  private readonly scrapeSeconds: number;

  constructor(settings: DataSourceInstanceSettings<PromJsonData>) {
    super(settings);
    this.base = settings.url ?? '';
    this.scrapeSeconds = parseDuration(settings.jsonData.timeInterval) ?? 15;
    // Annotation queries use the same expr/step model as Grafana's Prometheus annotations.
    this.annotations = previewAnnotationSupport;
  }

  async api<T>(path: string, params: Record<string, string | number>): Promise<T> {
    const body = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    } catch (err) {
      throw new Error(`Prometheus is unreachable: ${(err as Error).message}`);
    }
    const text = await res.text();
    let parsed: ApiBody<T> | undefined;
    try {
      parsed = JSON.parse(text) as ApiBody<T>;
    } catch {
      throw new Error(`Prometheus answered ${res.status}: ${text.slice(0, 200)}`);
    }
    if (parsed.status !== 'success') {
      throw new Error(parsed.error ?? `Prometheus answered ${res.status}`);
    }
    return parsed.data;
  }

  /** Grafana-style interpolation: scene variables with the Prometheus formatter, plus interval macros. */
  interpolate(expr: string, scopedVars: ScopedVars, macros: Record<string, string>): string {
    let text = expr;
    for (const [name, value] of Object.entries(macros)) {
      text = text.split(`\${${name}}`).join(value).split(`$${name}`).join(value);
    }
    const sceneObject = scopedVars.__sceneObject?.value as { valueOf(): SceneObject } | SceneObject | undefined;
    if (!sceneObject) {
      return text;
    }
    const owner = (
      typeof (sceneObject as any).valueOf === 'function' ? (sceneObject as any).valueOf() : sceneObject
    ) as SceneObject;
    return sceneGraph.interpolate(owner, text, scopedVars, (value: unknown, variable: VariableShape) =>
      interpolateQueryExpr(value as string | string[], variable)
    );
  }

  async query(request: DataQueryRequest<PromQuery>): Promise<DataQueryResponse> {
    const startS = Math.floor(request.range.from.valueOf() / 1000);
    const endS = Math.ceil(request.range.to.valueOf() / 1000);
    const targets = request.targets.filter((t) => !t.hide && t.expr);
    const tableQueries = targets.filter((t) => t.format === 'table').length;
    const results = await Promise.all(
      targets.map(async (target) => {
        const step = stepSeconds(endS - startS, request.intervalMs, target.interval, this.scrapeSeconds);
        const macros = {
          __rate_interval: formatSeconds(rateIntervalSeconds(step, this.scrapeSeconds)),
          __interval: formatSeconds(step),
          __interval_ms: String(step * 1000),
          __range: formatSeconds(Math.max(1, endS - startS)),
          __range_s: String(endS - startS),
        };
        const expr = this.interpolate(target.expr, request.scopedVars, macros);
        const shape = { refId: target.refId, legendFormat: target.legendFormat, format: target.format };
        if (target.instant && !target.range) {
          const data = await this.api<{ resultType: string; result: PromSeries[] }>('/api/v1/query', {
            query: expr,
            time: endS,
          });
          const result = data.resultType === 'vector' ? data.result : [];
          return target.format === 'table' ? [tableFrame(result, shape, tableQueries)] : seriesFrames(result, shape);
        }
        const alignedStart = Math.floor(startS / step) * step;
        const data = await this.api<{ result: PromSeries[] }>('/api/v1/query_range', {
          query: expr,
          start: alignedStart,
          end: endS,
          step,
        });
        if (target.format === 'heatmap') {
          return heatmapFrames(data.result, shape);
        }
        return target.format === 'table' ? [tableFrame(data.result, shape, tableQueries)] : seriesFrames(data.result, shape);
      })
    );
    const frames: DataFrame[] = results.flat();
    return { data: frames };
  }

  /** label_values(...) and query_result(...), as used by query variables. */
  async metricFindQuery(
    query: string | { query: string },
    options?: { scopedVars?: ScopedVars; range?: DataQueryRequest['range'] }
  ): Promise<MetricFindValue[]> {
    const raw = typeof query === 'string' ? query : query.query;
    const text = this.interpolate(raw, options?.scopedVars ?? {}, {});
    const end = Math.ceil((options?.range?.to.valueOf() ?? Date.now()) / 1000);
    const start = Math.floor((options?.range?.from.valueOf() ?? Date.now() - 3600_000) / 1000);
    const labelValues = /^label_values\(\s*(?:(.+),\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/.exec(text);
    if (labelValues) {
      const [, match, label] = labelValues;
      const params = new URLSearchParams({ start: String(start), end: String(end) });
      if (match) {
        params.set('match[]', match);
      }
      const values = await this.getJson<string[]>(`/api/v1/label/${label}/values?${params}`);
      return values.map((v) => ({ text: v, value: v }));
    }
    const queryResult = /^query_result\((.+)\)\s*$/.exec(text);
    if (queryResult) {
      const data = await this.api<{ result: PromSeries[] }>('/api/v1/query', { query: queryResult[1], time: end });
      return data.result.map((s) => ({ text: queryResultText(s), expandable: true }));
    }
    throw new Error(`The preview supports label_values() and query_result() variable queries, not: ${text}`);
  }

  private async getJson<T>(url: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${url}`);
    } catch (err) {
      throw new Error(`Prometheus is unreachable: ${(err as Error).message}`);
    }
    const body = (await res.json().catch(() => ({ status: 'error', error: `Prometheus answered ${res.status}` }))) as ApiBody<T>;
    if (body.status !== 'success') {
      throw new Error(body.error ?? `Prometheus answered ${res.status}`);
    }
    return body.data;
  }

  async testDatasource() {
    await this.api('/api/v1/query', { query: '1' });
    return { status: 'success', message: 'Prometheus answers' };
  }
}

/** A query_result() line exactly as Grafana's Prometheus data source writes it: `name{a="b",...} value timestampMs`. */
export function queryResultText(series: PromSeries): string {
  const { __name__: name = '', ...labels } = series.metric;
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const [ts, value] = series.value ?? [0, ''];
  return `${name}{${pairs.join(',')}} ${value} ${ts * 1000}`;
}
