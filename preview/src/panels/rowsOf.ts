import { DataFrame, Field, FieldType, getFieldDisplayName } from '@grafana/data';

export interface Row {
  name: string;
  times: number[];
  values: Array<number | null>;
  field: Field;
}

/** Every numeric field of time frames as a named row of (time, value). */
export function rowsOf(frames: DataFrame[]): Row[] {
  const rows: Row[] = [];
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    if (!time) {
      continue;
    }
    for (const field of frame.fields) {
      if (field.type === FieldType.number) {
        rows.push({
          name: getFieldDisplayName(field, frame, frames),
          times: time.values as number[],
          values: field.values as number[],
          field,
        });
      }
    }
  }
  return rows;
}
