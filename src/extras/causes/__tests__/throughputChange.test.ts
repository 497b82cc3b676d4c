/** Whether throughput fell: the two output-token rates → change and sentence. */
import { FieldType, toDataFrame } from '@grafana/data';
import { BASELINE_REF, NOW_REF, readThroughputChange } from '../readThroughput';
import { throughputVerdict } from '../throughputChange';

const rate = (refId: string, value: number) =>
  toDataFrame({ refId, fields: [{ name: 'Value', type: FieldType.number, values: [value] }] });

describe('readThroughputChange', () => {
  it('computes the change against the baseline and calls a fall of 5 % or more a fall', () => {
    expect(readThroughputChange([rate(NOW_REF, 50), rate(BASELINE_REF, 200)])).toEqual({
      now: 50,
      before: 200,
      change: -0.75,
      fell: true,
    });
    expect(readThroughputChange([rate(NOW_REF, 95), rate(BASELINE_REF, 100)]).fell).toBe(true);
    expect(readThroughputChange([rate(NOW_REF, 96), rate(BASELINE_REF, 100)]).fell).toBe(false);
    expect(readThroughputChange([rate(NOW_REF, 150), rate(BASELINE_REF, 100)]).change).toBeCloseTo(0.5);
  });

  it('reads a counter gone since the baseline as a fall to zero, and no baseline as unknown', () => {
    expect(readThroughputChange([rate(BASELINE_REF, 80)])).toEqual({ now: 0, before: 80, change: -1, fell: true });
    expect(readThroughputChange([rate(NOW_REF, 80)])).toEqual({
      now: 80,
      before: undefined,
      change: undefined,
      fell: false,
    });
    expect(readThroughputChange([rate(NOW_REF, 80), rate(BASELINE_REF, 0)]).change).toBeUndefined();
    expect(readThroughputChange([rate(NOW_REF, NaN), rate('other', 5)])).toEqual({
      now: undefined,
      before: undefined,
      change: undefined,
      fell: false,
    });
  });
});

describe('throughputVerdict', () => {
  it('says how much it fell, with both rates', () => {
    expect(throughputVerdict({ now: 1234.5, before: 2469, change: -0.5, fell: true })).toBe(
      'Output tokens/s fell 50 % against the range before (2469 tokens/s → 1235 tokens/s).'
    );
  });

  it('says plainly when it did not fall or rose', () => {
    expect(throughputVerdict({ now: 98, before: 100, change: -0.02, fell: false })).toBe(
      'Throughput did not fall: output tokens/s changed −2 % against the range before (100 tokens/s → 98 tokens/s). The scores show what is abnormal anyway.'
    );
    expect(throughputVerdict({ now: 13, before: 10, change: 0.3, fell: false })).toMatch(
      /^Throughput did not fall: output tokens\/s rose 30 %/
    );
  });

  it('says when there is no baseline or no counter at all, and what exports it', () => {
    expect(throughputVerdict({ now: 7, fell: false })).toMatch(/no baseline to compare with/);
    expect(throughputVerdict({ fell: false })).toMatch(/whether throughput fell is unknown\. Scrape every vLLM pod/);
  });
});
