/** The presence query's frames → series count per metric name. */
import { DataFrame, FieldType } from '@grafana/data';
import { METRIC_LABEL } from '../../queries/scrapeHealth';

/** Reads the last value of each frame whose value field carries the `metric` label. */
export function framesToCounts(frames: DataFrame[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const frame of frames) {
    for (const field of frame.fields) {
      const name = field.labels?.[METRIC_LABEL];
      if (field.type !== FieldType.number || !name) {
        continue;
      }
      const last = field.values[field.values.length - 1];
      if (typeof last === 'number' && Number.isFinite(last)) {
        counts.set(name, last);
      }
    }
  }
  return counts;
}
