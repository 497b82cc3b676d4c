import { FieldType, toDataFrame } from '@grafana/data';
import { colorIndex, colorOf, VIRIDIS_LUT } from '../colorScale';
import { describeCell } from '../describeCell';
import { cellOf, matrixFromFrames } from '../matrix';
import { syntheticMatrix } from '../synthetic';
import { move } from '../navigation';
import { cellAt } from '../render';

const series = (layer: string, expert: string, values: Array<number | null>, label = 'expert_id') =>
  toDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: values.map((_, i) => 1000 * i) },
      { name: 'Value', type: FieldType.number, values, labels: { layer, [label]: expert, model_name: 'm' } },
    ],
  });

describe('matrixFromFrames', () => {
  it('orders layers and experts numerically and places each value', () => {
    const m = matrixFromFrames([series('10', '2', [5]), series('2', '10', [7]), series('2', '2', [1])]);
    expect(m.layers).toEqual(['2', '10']);
    expect(m.experts).toEqual(['2', '10']);
    expect(Array.from(m.values)).toEqual([1, 7, 5, NaN]);
    expect(Array.from(m.layerTotals)).toEqual([8, 5]);
    expect([m.min, m.max]).toEqual([1, 7]);
  });

  it('reads the latest non-null sample of a range frame and accepts an `expert` label', () => {
    const m = matrixFromFrames([series('0', '0', [3, 9, null], 'expert')]);
    expect(Array.from(m.values)).toEqual([9]);
  });

  it('adds up cells reported by several models', () => {
    const m = matrixFromFrames([series('0', '1', [2]), series('0', '1', [3])]);
    expect(Array.from(m.values)).toEqual([5]);
  });

  it('reads table frames with layer and expert columns', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [0, 0] },
        { name: 'layer', type: FieldType.string, values: ['1', '0'] },
        { name: 'expert_id', type: FieldType.string, values: ['0', '0'] },
        { name: 'Value', type: FieldType.number, values: [4, 6] },
      ],
    });
    const m = matrixFromFrames([frame]);
    expect(m.layers).toEqual(['0', '1']);
    expect(Array.from(m.values)).toEqual([6, 4]);
  });

  it('ignores series without the labels and is empty for no data', () => {
    const unlabelled = toDataFrame({
      fields: [{ name: 'Value', type: FieldType.number, values: [1], labels: { layer: '0' } }],
    });
    const m = matrixFromFrames([unlabelled]);
    expect(m.layers).toEqual([]);
    expect(m.values.length).toBe(0);
  });
});

describe('cells', () => {
  const m = matrixFromFrames([series('0', '0', [1]), series('0', '1', [3]), series('1', '0', [2])]);

  it('gives a cell its share of the layer', () => {
    expect(cellOf(m, 0, 1)).toMatchObject({ layer: '0', expert: '1', value: 3, share: 0.75 });
    expect(cellOf(m, 1, 1).share).toBeNaN();
  });

  it('describes a cell for the tooltip and screen readers', () => {
    expect(describeCell(cellOf(m, 0, 1), (v) => `${v} tok`)).toBe('Layer 0, expert 1: 3 tok, 75.0 % of the layer');
    expect(describeCell(cellOf(m, 1, 1), String)).toBe('Layer 1, expert 1: no data');
  });

  it('maps canvas pixels to cells the way they are drawn', () => {
    expect(cellAt(m, 100, 50, 0, 0)).toEqual({ row: 0, col: 0 });
    expect(cellAt(m, 100, 50, 50, 25)).toEqual({ row: 1, col: 1 });
    expect(cellAt(m, 100, 50, 49.9, 24.9)).toEqual({ row: 0, col: 0 });
    expect(cellAt(m, 100, 50, 100, 0)).toBeUndefined();
  });
});

describe('keyboard navigation', () => {
  it('starts at the first cell and stays inside the matrix', () => {
    expect(move(undefined, 'ArrowRight', 3, 4)).toEqual({ row: 0, col: 0 });
    expect(move(undefined, 'a', 3, 4)).toBeUndefined();
    expect(move({ row: 0, col: 0 }, 'ArrowUp', 3, 4)).toEqual({ row: 0, col: 0 });
    expect(move({ row: 2, col: 3 }, 'ArrowRight', 3, 4)).toEqual({ row: 2, col: 3 });
    expect(move({ row: 1, col: 1 }, 'ArrowDown', 3, 4)).toEqual({ row: 2, col: 1 });
    expect(move({ row: 1, col: 1 }, 'End', 3, 4)).toEqual({ row: 1, col: 3 });
    expect(move({ row: 1, col: 1 }, 'PageDown', 30, 4)).toEqual({ row: 11, col: 1 });
    expect(move({ row: 0, col: 0 }, 'ArrowDown', 0, 0)).toBeUndefined();
  });
});

describe('colour scale', () => {
  it('runs from dark purple to yellow, clamped', () => {
    expect(colorIndex(0, 0, 10)).toBe(0);
    expect(colorIndex(10, 0, 10)).toBe(255);
    expect(colorIndex(20, 0, 10)).toBe(255);
    expect(colorIndex(5, 5, 5)).toBe(0);
    expect(colorOf(0, 0, 1)).toBe('rgb(68, 1, 84)');
    expect(colorOf(1, 0, 1)).toBe('rgb(253, 231, 37)');
  });

  it('grows lighter monotonically (readable as a sequential scale)', () => {
    const luminance = (i: number) =>
      0.2126 * VIRIDIS_LUT[i * 3] + 0.7152 * VIRIDIS_LUT[i * 3 + 1] + 0.0722 * VIRIDIS_LUT[i * 3 + 2];
    for (let i = 1; i < 256; i++) {
      expect(luminance(i)).toBeGreaterThanOrEqual(luminance(i - 1) - 0.5);
    }
  });
});

describe('syntheticMatrix', () => {
  it('fills every cell with consistent totals', () => {
    const m = syntheticMatrix(61, 256);
    expect(m.values.length).toBe(61 * 256);
    const row0 = Array.from(m.values.slice(0, 256)).reduce((a, b) => a + b, 0);
    expect(m.layerTotals[0]).toBeCloseTo(row0);
    expect(m.max).toBeGreaterThan(m.min);
  });
});
