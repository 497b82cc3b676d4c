/**
 * The layer × expert load matrix, built from instant Prometheus frames: one number per series labelled
 * `layer` and `expert_id` (or `expert`), or table frames with those columns. Pure, so it is tested and
 * timed without a browser.
 */
import { DataFrame, FieldType } from '@grafana/data';

export interface ExpertMatrix {
  /** Row labels, numerically ordered. */
  layers: string[];
  /** Column labels, numerically ordered. */
  experts: string[];
  /** Row-major values, `layers.length × experts.length`; NaN where no series reported. */
  values: Float64Array;
  /** Sum of each row, for shares of a layer's load. */
  layerTotals: Float64Array;
  min: number;
  max: number;
}

export const EXPERT_LABELS = ['expert_id', 'expert'];

const byNumber = (a: string, b: string) => {
  const d = Number(a) - Number(b);
  return Number.isNaN(d) || d === 0 ? a.localeCompare(b) : d;
};

interface Cell {
  layer: string;
  expert: string;
  value: number;
}

const expertOf = (labels: Record<string, string> | undefined): string | undefined =>
  labels ? EXPERT_LABELS.map((l) => labels[l]).find((v) => v !== undefined) : undefined;

/** The last non-null number of a field: an instant frame holds one, a range frame ends with the latest. */
function lastNumber(values: ArrayLike<unknown>): number | undefined {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (typeof v === 'number' && !Number.isNaN(v)) {
      return v;
    }
  }
  return undefined;
}

function cellsOf(frame: DataFrame): Cell[] {
  const numbers = frame.fields.filter((f) => f.type === FieldType.number);
  const layerColumn = frame.fields.find((f) => f.name === 'layer');
  const expertColumn = frame.fields.find((f) => EXPERT_LABELS.includes(f.name));
  if (layerColumn && expertColumn) {
    // Table form: one row per cell, the value in the last number column that is not a label.
    const value = numbers.filter((f) => f !== layerColumn && f !== expertColumn).pop();
    if (!value) {
      return [];
    }
    return Array.from({ length: frame.length }, (_, i) => ({
      layer: String(layerColumn.values[i]),
      expert: String(expertColumn.values[i]),
      value: Number(value.values[i]),
    }));
  }
  // Series form: the labels are on each number field.
  return numbers.flatMap((f) => {
    const layer = f.labels?.layer;
    const expert = expertOf(f.labels);
    const value = lastNumber(f.values);
    return layer !== undefined && expert !== undefined && value !== undefined ? [{ layer, expert, value }] : [];
  });
}

/** Builds the matrix; cells reported several times (several models) add up. */
export function matrixFromFrames(frames: DataFrame[]): ExpertMatrix {
  const cells = frames.flatMap(cellsOf).filter((c) => Number.isFinite(c.value));
  const layers = [...new Set(cells.map((c) => c.layer))].sort(byNumber);
  const experts = [...new Set(cells.map((c) => c.expert))].sort(byNumber);
  const row = new Map(layers.map((l, i) => [l, i]));
  const col = new Map(experts.map((e, i) => [e, i]));
  const values = new Float64Array(layers.length * experts.length).fill(NaN);
  const layerTotals = new Float64Array(layers.length);
  for (const c of cells) {
    const r = row.get(c.layer)!;
    const i = r * experts.length + col.get(c.expert)!;
    values[i] = (Number.isNaN(values[i]) ? 0 : values[i]) + c.value;
    layerTotals[r] += c.value;
  }
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isNaN(v)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  return { layers, experts, values, layerTotals, min: cells.length ? min : 0, max: cells.length ? max : 0 };
}

export interface MatrixCell {
  row: number;
  col: number;
  layer: string;
  expert: string;
  value: number;
  /** Share of the layer's load, NaN when the layer has none. */
  share: number;
}

/** The cell at a row and column, with its share of the layer. */
export function cellOf(m: ExpertMatrix, row: number, col: number): MatrixCell {
  const value = m.values[row * m.experts.length + col];
  const total = m.layerTotals[row];
  return {
    row,
    col,
    layer: m.layers[row],
    expert: m.experts[col],
    value,
    share: total > 0 && !Number.isNaN(value) ? value / total : NaN,
  };
}
