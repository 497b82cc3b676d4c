/**
 * Did throughput fall? The two output-token rates (the explained window, the baseline window) → the change and
 * one plain sentence. Scores are evidence strengths, not proof of a drop, so the view says first whether there
 * was one. Pure numbers (the integration test reads Prometheus' answer through it); readThroughput.ts reads frames.
 */
import { noDataText } from '../../queries/signals/requirements';

/** A fall smaller than this is noise between two windows of a steady fleet. */
export const FALL_THRESHOLD = 0.05;

export interface ThroughputChange {
  now?: number;
  before?: number;
  /** (now − before) / before; undefined without a baseline. */
  change?: number;
  fell: boolean;
}

/** The change between the two rates; a counter gone since the baseline is a fall to zero. */
export function compareThroughput(nowRate: number | undefined, before: number | undefined): ThroughputChange {
  // No series now after some before: every engine stopped producing, a fall to zero.
  const now = nowRate ?? (before !== undefined ? 0 : undefined);
  const change = now !== undefined && before !== undefined && before > 0 ? (now - before) / before : undefined;
  return { now, before, change, fell: change !== undefined && change <= -FALL_THRESHOLD };
}

const rate = (v: number) => `${v >= 100 ? Math.round(v) : Number(v.toPrecision(3))} tokens/s`;
const percent = (v: number) => `${Math.abs(Math.round(v * 100))} %`;

/** One sentence on whether output tokens per second fell, for the top of the ranked view. */
export function throughputVerdict(t: ThroughputChange): string {
  if (t.now === undefined && t.before === undefined) {
    return `No output token counter in either window, so whether throughput fell is unknown. ${noDataText('vllm').replace(/^No data\. /, '')}`;
  }
  if (t.change === undefined) {
    return `No output tokens in the window before this range (${rate(t.now ?? 0)} now): there is no baseline to compare with, and scores show what is abnormal anyway.`;
  }
  const rates = `${rate(t.before!)} → ${rate(t.now!)}`;
  if (t.fell) {
    return `Output tokens/s fell ${percent(t.change)} against the range before (${rates}).`;
  }
  const direction =
    t.change >= FALL_THRESHOLD
      ? `rose ${percent(t.change)}`
      : `changed ${t.change < 0 ? '−' : '+'}${percent(t.change)}`;
  return `Throughput did not fall: output tokens/s ${direction} against the range before (${rates}). The scores show what is abnormal anyway.`;
}
