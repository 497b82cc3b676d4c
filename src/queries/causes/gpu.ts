/**
 * gpu: a GPU reports an XID error, or a busy GPU's SM clock fell against the baseline window (thermal or power
 * throttling). DCGM series carry no model labels, so this evidence is fleet-wide.
 */
import { SIGNALS } from '../signals/signals';
import { agg, and, avgOverTime, div, gt, maxOverTime, num } from '../promql';
import { Cause } from './types';
import { overWindowUnfiltered, scale, strongest } from './window';

export const GPU: Cause = {
  name: 'gpu',
  title: 'GPU fault or throttling',
  explanation:
    'An XID error in the window scores 1; otherwise the busy GPU whose mean SM clock fell most against the baseline window (to 95 % scores 0, to 60 % scores 1).',
  score: (c) => {
    const xid = agg('count', [], gt(overWindowUnfiltered(c, maxOverTime, SIGNALS.gpuXid), num(0)));
    const clockRatio = div(
      overWindowUnfiltered(c, avgOverTime, SIGNALS.gpuSmClock),
      overWindowUnfiltered(c, avgOverTime, SIGNALS.gpuSmClock, true)
    );
    // Only GPUs that are still working: an idle GPU drops its clock by design.
    const busy = gt(overWindowUnfiltered(c, avgOverTime, SIGNALS.gpuUtil), num(5));
    return strongest([scale(xid, 0, 1), scale(agg('min', [], and(clockRatio, busy)), 0.95, 0.6)]);
  },
  evidence: [SIGNALS.gpuSmClock, SIGNALS.gpuXid],
  page: 'gpus',
};
