/** The throughput queries' frames (refIds `now` and `baseline`) → the two rates and their change. */
import { DataFrame, FieldType } from '@grafana/data';
import { compareThroughput, ThroughputChange } from './throughputChange';

/** Query refIds of the two rates. */
export const NOW_REF = 'now';
export const BASELINE_REF = 'baseline';

function lastValue(frames: DataFrame[], refId: string): number | undefined {
  for (const frame of frames.filter((f) => f.refId === refId)) {
    const field = frame.fields.find((f) => f.type === FieldType.number);
    const v = field?.values[field.values.length - 1];
    if (typeof v === 'number' && Number.isFinite(v)) {
      return v;
    }
  }
  return undefined;
}

export function readThroughputChange(frames: DataFrame[]): ThroughputChange {
  return compareThroughput(lastValue(frames, NOW_REF), lastValue(frames, BASELINE_REF));
}
