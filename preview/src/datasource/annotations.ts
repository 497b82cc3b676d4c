/**
 * Annotation support shaped like Grafana's Prometheus data source: the annotation's `target` is run as a
 * range query, and each series' non-zero samples become events, consecutive samples within one step joined
 * into a region. The title comes from `titleFormat` with the series' labels.
 */
import { Observable, of } from 'rxjs';
import { AnnotationEvent, AnnotationQuery, AnnotationSupport, DataFrame, FieldType, rangeUtil } from '@grafana/data';
import { renderLegend } from './frames';

interface PromAnnotation extends AnnotationQuery {
  expr?: string;
  step?: string;
  titleFormat?: string;
  textFormat?: string;
  target?: { refId: string; expr: string; interval?: string };
}

export function framesToEvents(anno: PromAnnotation, frames: DataFrame[]): AnnotationEvent[] {
  const stepMs = rangeUtil.intervalToMs(anno.step || '60s');
  const events: AnnotationEvent[] = [];
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    const value = frame.fields.find((f) => f.type === FieldType.number);
    if (!time || !value) {
      continue;
    }
    const labels = value.labels ?? {};
    const title = renderLegend(anno.titleFormat, labels);
    const text = anno.textFormat ? renderLegend(anno.textFormat, labels) : '';
    let current: AnnotationEvent | undefined;
    for (let i = 0; i < frame.length; i++) {
      const v = value.values[i];
      const t = time.values[i] as number;
      if (v === null || v === undefined || v === 0 || Number.isNaN(v)) {
        continue;
      }
      if (current && t - (current.timeEnd as number) <= stepMs) {
        current.timeEnd = t;
        continue;
      }
      current = { time: t, timeEnd: t, title, text, tags: [], color: anno.iconColor };
      events.push(current);
    }
  }
  return events.map((e) => ({ ...e, isRegion: (e.timeEnd as number) > (e.time as number) }));
}

export const previewAnnotationSupport: AnnotationSupport<any> = {
  prepareAnnotation: (json: PromAnnotation) => ({
    ...json,
    target: json.target ?? { refId: 'Anno', expr: json.expr ?? '', interval: json.step },
  }),
  prepareQuery: (anno: PromAnnotation) => (anno.target ? { ...anno.target, range: true } : undefined),
  processEvents: (anno: PromAnnotation, frames: DataFrame[]): Observable<AnnotationEvent[]> => of(framesToEvents(anno, frames)),
};
