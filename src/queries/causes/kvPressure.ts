/**
 * kv_pressure: the KV cache runs full, so the scheduler preempts running requests and new ones wait for
 * capacity. Scored from the fullest engine's mean usage and from preemptions.
 */
import { SIGNALS } from '../signals/signals';
import { avgOverTime, sumBy } from '../promql';
import { Cause } from './types';
import { overWindow, rateIn, scale, strongest } from './window';

export const KV_PRESSURE: Cause = {
  name: 'kv_pressure',
  title: 'KV cache pressure',
  explanation:
    "The fullest engine's mean KV cache usage over the window (85 % scores 0, 95 % scores 1), or preemptions (0.2 per second or more per engine scores 1).",
  score: (c) =>
    strongest([
      scale(overWindow(c, avgOverTime, SIGNALS.kvCacheUsage), 0.85, 0.95),
      scale(sumBy(['namespace', 'model_name', 'pod', 'engine'], rateIn(c, SIGNALS.preemptions)), 0, 0.2),
    ]),
  evidence: [SIGNALS.kvCacheUsage],
  page: 'prefill-decode',
};
