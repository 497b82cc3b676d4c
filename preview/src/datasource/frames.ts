/**
 * Prometheus API results → Grafana data frames, shaped the way Grafana's Prometheus data source shapes them:
 * one frame per series with a time and a value field, legend formats applied as the display name, tables for
 * instant queries in table format, and de-accumulated bucket series for heatmaps.
 */
import { DataFrame, FieldType, Labels, MutableDataFrame, toDataFrame } from '@grafana/data';

export interface PromSeries {
  metric: Labels;
  values?: Array<[number, string]>;
  value?: [number, string];
}

export interface TargetShape {
  refId: string;
  legendFormat?: string;
  format?: string;
  instant?: boolean;
}

export function renderLegend(format: string | undefined, labels: Labels): string {
  if (!format || format === '__auto') {
    const { __name__, ...rest } = labels;
    const inner = Object.entries(rest)
      .map(([k, v]) => `${k}="${v}"`)
      .join(', ');
    return `${__name__ ?? ''}{${inner}}`;
  }
  return format.replace(/\{\{\s*(.+?)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}

const num = (s: string) => (s === 'NaN' ? NaN : s === '+Inf' ? Infinity : s === '-Inf' ? -Infinity : Number(s));

export function seriesFrames(result: PromSeries[], target: TargetShape): DataFrame[] {
  return result.map((series) => {
    const points = series.values ?? (series.value ? [series.value] : []);
    const name = renderLegend(target.legendFormat, series.metric);
    const { __name__, ...labels } = series.metric;
    return toDataFrame({
      refId: target.refId,
      name,
      fields: [
        { name: 'Time', type: FieldType.time, values: points.map(([t]) => t * 1000), config: {} },
        {
          name: 'Value',
          type: FieldType.number,
          values: points.map(([, v]) => num(v)),
          labels,
          config: { displayNameFromDS: target.legendFormat ? name : undefined },
        },
      ],
    });
  });
}

/**
 * Results in table format: Time, one column per label, and the value, named as Grafana names it: `Value` when the
 * request holds one table query, `Value #<refId>` when it holds several.
 */
export function tableFrame(result: PromSeries[], target: TargetShape, tableQueries = 1): DataFrame {
  const valueName = tableQueries > 1 ? `Value #${target.refId}` : 'Value';
  const labelNames = Array.from(new Set(result.flatMap((s) => Object.keys(s.metric))))
    .filter((n) => n !== '__name__')
    .sort();
  const frame = new MutableDataFrame({
    refId: target.refId,
    meta: { preferredVisualisationType: 'table' },
    fields: [
      { name: 'Time', type: FieldType.time, values: [] },
      ...labelNames.map((n) => ({ name: n, type: FieldType.string, values: [] as string[] })),
      { name: valueName, type: FieldType.number, values: [] as number[] },
    ],
  });
  for (const s of result) {
    const [t, v] = s.value ?? s.values?.[s.values.length - 1] ?? [0, 'NaN'];
    const row: Record<string, unknown> = { Time: t * 1000, [valueName]: num(v) };
    labelNames.forEach((n) => (row[n] = s.metric[n] ?? ''));
    frame.add(row);
  }
  return frame;
}

/** Heatmap format: bucket series sorted by `le`, cumulative counts turned into per-bucket counts. */
export function heatmapFrames(result: PromSeries[], target: TargetShape): DataFrame[] {
  const sorted = [...result].sort((a, b) => num(a.metric.le ?? '0') - num(b.metric.le ?? '0'));
  const frames = seriesFrames(sorted, { ...target, legendFormat: target.legendFormat || '{{le}}' });
  for (let i = frames.length - 1; i > 0; i--) {
    const cur = frames[i].fields[1].values as number[];
    const prev = frames[i - 1].fields[1].values as number[];
    frames[i].fields[1].values = cur.map((v, j) => Math.max(0, v - (prev[j] ?? 0)));
  }
  return frames;
}
