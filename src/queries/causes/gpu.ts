/**
 * gpu: a GPU reports an XID error, or a busy GPU's SM clock fell against the baseline window (thermal or power
 * throttling). DCGM series carry no model labels: the GPUs are those of the selected engines where dcgm-exporter
 * names the pod using each GPU, else every GPU (gpuOfEngines.ts).
 */
import { SIGNALS } from '../../catalog/signals';
import { agg, and, avgOverTime, div, gt, maxOverTime, num } from '../promql';
import { Cause } from './types';
import { overWindowOnEngines } from './gpuOfEngines';
import { scale, strongest } from './window';

export const GPU: Cause = {
  name: 'gpu',
  title: 'GPU fault or throttling',
  explanation:
    'An XID error in the window scores 1; otherwise the busy GPU whose mean SM clock fell most against the baseline window (to 95 % scores 0, to 60 % scores 1). ' +
    "Judged on the selected engines' GPUs where dcgm-exporter labels GPUs with their pod (its Kubernetes mapping), otherwise on every GPU in the fleet.",
  score: (c) => {
    const xid = agg('count', [], gt(overWindowOnEngines(c, maxOverTime, SIGNALS.gpuXid), num(0)));
    const clockRatio = div(
      overWindowOnEngines(c, avgOverTime, SIGNALS.gpuSmClock),
      overWindowOnEngines(c, avgOverTime, SIGNALS.gpuSmClock, true)
    );
    // Only GPUs that are still working: an idle GPU drops its clock by design.
    const busy = gt(overWindowOnEngines(c, avgOverTime, SIGNALS.gpuUtil), num(5));
    return strongest([scale(xid, 0, 1), scale(agg('min', [], and(clockRatio, busy)), 0.95, 0.6)]);
  },
  evidence: [SIGNALS.gpuSmClock, SIGNALS.gpuXid],
  page: 'gpus',
};
