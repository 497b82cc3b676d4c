/**
 * GPUs (dcgm-exporter): hardware faults, heat, memory, and GPUs idling while their engine has requests waiting.
 * DCGM labels are normalised first (exported_pod / pod, Hostname / hostname), so alerts carry pod and host.
 */
import { SIGNALS } from '../../queries/signals/signals';
import { QueryContext } from '../../queries/context';
import { add, agg, changes, div, subquery, sumBy } from '../../queries/promql';
import { dcgmSeries } from '../../queries/gpu';
import { gauge } from '../../queries/select';
import { above, andOn, below, GPU_ALERT_KEY } from './exprs';
import {
  engineLabels,
  FIXTURE_NAMESPACE,
  FIXTURE_SAMPLES,
  gauge as gaugeSeries,
  gaugeAcrossTest,
  gpuLabels,
  over,
  series,
  under,
} from './fixtures';
import { AlertRule, AlertRuleSpec } from './types';
import { AlertValues } from './values';

/** How far back a new XID counts: the alert resolves this long after the last new code (then keep_firing_for). */
const XID_WINDOW = '10m';

const perGpu = (signal = SIGNALS.gpuTemp) => agg('max', GPU_ALERT_KEY, dcgmSeries(signal));
const used = perGpu(SIGNALS.gpuFbUsed);
const free = perGpu(SIGNALS.gpuFbFree);
const podUtil = agg('avg', ['namespace', 'pod'], dcgmSeries(SIGNALS.gpuUtil));
const podWaiting = (ctx: QueryContext) => sumBy(['namespace', 'pod'], gauge(ctx, SIGNALS.requestsWaiting));
const gpu = gpuLabels();
const decode = (ctx: QueryContext) => engineLabels(ctx.role, 'decode');
const gpuAlertLabels = { namespace: FIXTURE_NAMESPACE, pod: gpu.exported_pod, host: gpu.Hostname, gpu: gpu.gpu };
const name = (s = SIGNALS.gpuTemp) => s.names[0].name;
// The XID gauge holds the last code until the driver or exporter resets, so "non-zero" would fire for days
// after one event. A new code is a change of the gauge to a non-zero value; a reset to 0 is not an event.
const newXid = andOn(
  above(agg('max', GPU_ALERT_KEY, changes(subquery(dcgmSeries(SIGNALS.gpuXid), XID_WINDOW, '1m'))), 0),
  above(perGpu(SIGNALS.gpuXid), 0),
  GPU_ALERT_KEY
);

export const GPU_XID_ERROR: AlertRule = (ctx, v) => ({
  name: 'GpuXidError',
  severity: 'critical',
  expr: newXid,
  for: v.GpuXidError.for,
  summary: 'GPU {{ $labels.gpu }} on {{ $labels.host }} reported a new XID error',
  description:
    'The driver reported an XID error (79: fell off the bus, 48/94/95: ECC, 13/31/43: application faults). Drain the node if it is a hardware XID and have the GPU checked; the pod on it likely restarted.',
  runbook: {
    meaning: `DCGM_FI_DEV_XID_ERRORS (the last XID code) changed to a non-zero value within ${XID_WINDOW}. The gauge keeps the last code until the driver or exporter resets, so only a change is a new error; the alert resolves ${XID_WINDOW} after the last one (plus keep_firing_for).`,
    confirm: "GPUs page: XID per GPU; `dmesg | grep -i xid` on the node; the pod's restarts.",
    action:
      'Hardware XIDs (48, 63, 64, 74, 79, 92, 94, 95): cordon and drain the node, reset or replace the GPU. Application XIDs: check the engine logs.',
  },
  test: {
    // A new XID 79 five minutes before the evaluation; silent: the same code held since long before.
    firing: [series(name(SIGNALS.gpuXid), gpu, `0x10 79x${FIXTURE_SAMPLES - 10}`)],
    silent: [gaugeSeries(name(SIGNALS.gpuXid), gpu, 79)],
    labels: gpuAlertLabels,
  },
});

export const GPU_TEMPERATURE_HIGH: AlertRule = (ctx, v) => ({
  name: 'GpuTemperatureHigh',
  severity: 'warning',
  expr: above(perGpu(SIGNALS.gpuTemp), v.GpuTemperatureHigh.threshold),
  for: v.GpuTemperatureHigh.for,
  summary: `GPU {{ $labels.gpu }} on {{ $labels.host }} above ${v.GpuTemperatureHigh.threshold} °C`,
  description:
    "The GPU runs hot and will throttle its clocks, slowing its rank and with it the whole EP group. Check the node's cooling and fans, and the SM clock on the GPUs page.",
  runbook: {
    meaning: `DCGM_FI_DEV_GPU_TEMP above ${v.GpuTemperatureHigh.threshold} °C for ${v.GpuTemperatureHigh.for}.`,
    confirm: 'GPUs page: temperature and SM clock; Wide EP page: is this rank a straggler?',
    action: "Check data-center cooling and the node's fans; drain the node if it keeps throttling.",
  },
  test: gaugeAcrossTest(name(SIGNALS.gpuTemp), gpu, v.GpuTemperatureHigh.threshold, gpuAlertLabels),
});

export const GPU_FRAMEBUFFER_NEARLY_FULL: AlertRule = (ctx, v) => {
  const fb = v.GpuFramebufferNearlyFull.threshold;
  return {
    name: 'GpuFramebufferNearlyFull',
    severity: 'warning',
    expr: above(div(used, add(used, free)), fb),
    for: v.GpuFramebufferNearlyFull.for,
    summary: `GPU {{ $labels.gpu }} on {{ $labels.host }} has over ${Math.round(fb * 100)} % of its framebuffer in use`,
    description:
      'vLLM preallocates about 90 % of GPU memory; more than that means something else allocates on the GPU and may cause out-of-memory errors. Check for other processes and lower gpu_memory_utilization.',
    runbook: {
      meaning: `DCGM_FI_DEV_FB_USED / (used + free) above ${fb} for ${v.GpuFramebufferNearlyFull.for}.`,
      confirm: 'GPUs page: framebuffer per GPU; nvidia-smi on the node for other processes.',
      action: 'Lower gpu_memory_utilization, or remove the other process sharing the GPU.',
    },
    test: {
      firing: framebuffer(over(fb, true)),
      silent: framebuffer(under(fb)),
      labels: gpuAlertLabels,
    },
  };
};

export const GPU_IDLE_WHILE_REQUESTS_WAIT: AlertRule = (ctx, v) => ({
  name: 'GpuIdleWhileRequestsWait',
  severity: 'warning',
  expr: andOn(below(podUtil, v.GpuIdleWhileRequestsWait.threshold), above(podWaiting(ctx), 5), ['namespace', 'pod']),
  for: v.GpuIdleWhileRequestsWait.for,
  summary: 'GPUs of {{ $labels.pod }} idle while requests wait',
  description:
    'The engine has requests waiting yet its GPUs do nothing: it is hung, waiting for KV that never arrives, or blocked on a collective. Check the engine logs and restart the pod if it does not recover.',
  runbook: {
    meaning: `Mean GPU utilisation of a pod's GPUs below ${v.GpuIdleWhileRequestsWait.threshold} % while more than 5 requests wait on it, for ${v.GpuIdleWhileRequestsWait.for}.`,
    confirm: "GPUs page: utilisation of the pod's GPUs; Overview: waiting requests per pod; engine logs.",
    action: 'Look for NCCL/NIXL timeouts or a stuck EPLB rearrangement in the logs; restart the pod (or its EP group).',
  },
  test: {
    firing: [
      gaugeSeries(name(SIGNALS.gpuUtil), gpu, under(v.GpuIdleWhileRequestsWait.threshold)),
      gaugeSeries(name(SIGNALS.requestsWaiting), decode(ctx), 12),
    ],
    silent: [
      gaugeSeries(name(SIGNALS.gpuUtil), gpu, Math.max(80, over(v.GpuIdleWhileRequestsWait.threshold))),
      gaugeSeries(name(SIGNALS.requestsWaiting), decode(ctx), 12),
    ],
    labels: { namespace: FIXTURE_NAMESPACE, pod: gpu.exported_pod },
  },
});

export function gpuAlerts(ctx: QueryContext, v: Record<string, AlertValues>): AlertRuleSpec[] {
  return [GPU_XID_ERROR, GPU_TEMPERATURE_HIGH, GPU_FRAMEBUFFER_NEARLY_FULL, GPU_IDLE_WHILE_REQUESTS_WAIT].map((rule) =>
    rule(ctx, v)
  );
}

/** An 80 GB GPU with `share` of its framebuffer in use (MiB, as dcgm-exporter reports it). */
function framebuffer(share: number) {
  const total = 81920;
  const gpu = gpuLabels();
  return [
    gaugeSeries(SIGNALS.gpuFbUsed.names[0].name, gpu, Math.round(total * share)),
    gaugeSeries(SIGNALS.gpuFbFree.names[0].name, gpu, Math.round(total * (1 - share))),
  ];
}
