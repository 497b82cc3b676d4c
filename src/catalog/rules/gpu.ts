/**
 * GPUs (dcgm-exporter): hardware faults, heat, memory, and GPUs idling while their engine has requests waiting.
 * DCGM labels are normalised first (exported_pod / pod, Hostname / hostname), so alerts carry pod and host.
 */
import { SIGNALS } from '../signals';
import { QueryContext } from '../../queries/context';
import { add, agg, div, print, sumBy } from '../../queries/promql';
import { dcgmSeries } from '../../queries/gpu';
import { gauge } from '../../queries/select';
import { above, andOn, below, GPU_ALERT_KEY } from './exprs';
import { engineLabels, FIXTURE_NAMESPACE, gauge as gaugeSeries, gpuLabels } from './fixtures';
import { AlertRuleSpec } from './types';

export function gpuAlerts(ctx: QueryContext): AlertRuleSpec[] {
  const perGpu = (signal = SIGNALS.gpuTemp) => agg('max', GPU_ALERT_KEY, dcgmSeries(signal));
  const used = perGpu(SIGNALS.gpuFbUsed);
  const free = perGpu(SIGNALS.gpuFbFree);
  const podUtil = agg('avg', ['namespace', 'pod'], dcgmSeries(SIGNALS.gpuUtil));
  const podWaiting = sumBy(['namespace', 'pod'], gauge(ctx, SIGNALS.requestsWaiting));
  const gpu = gpuLabels();
  const decode = engineLabels(ctx.role, 'decode');
  const gpuAlertLabels = { namespace: FIXTURE_NAMESPACE, pod: gpu.exported_pod, host: gpu.Hostname, gpu: gpu.gpu };
  const name = (s = SIGNALS.gpuTemp) => s.names[0].name;

  return [
    {
      name: 'GpuXidError',
      severity: 'critical',
      expr: print(above(perGpu(SIGNALS.gpuXid), 0)),
      for: '1m',
      summary: 'GPU {{ $labels.gpu }} on {{ $labels.host }} reported an XID error',
      description:
        'The driver reported an XID error (79: fell off the bus, 48/94/95: ECC, 13/31/43: application faults). Drain the node if it is a hardware XID and have the GPU checked; the pod on it likely restarted.',
      runbook: {
        meaning: 'DCGM_FI_DEV_XID_ERRORS (the last XID code) is non-zero on a GPU. It stays set until the driver or exporter resets.',
        confirm: 'GPUs page: XID per GPU; `dmesg | grep -i xid` on the node; the pod\'s restarts.',
        action: 'Hardware XIDs (48, 63, 64, 74, 79, 92, 94, 95): cordon and drain the node, reset or replace the GPU. Application XIDs: check the engine logs.',
      },
      test: {
        firing: [gaugeSeries(name(SIGNALS.gpuXid), gpu, 79)],
        silent: [gaugeSeries(name(SIGNALS.gpuXid), gpu, 0)],
        labels: gpuAlertLabels,
      },
    },
    {
      name: 'GpuTemperatureHigh',
      severity: 'warning',
      expr: print(above(perGpu(SIGNALS.gpuTemp), 85)),
      for: '10m',
      summary: 'GPU {{ $labels.gpu }} on {{ $labels.host }} above 85 °C',
      description:
        'The GPU runs hot and will throttle its clocks, slowing its rank and with it the whole EP group. Check the node\'s cooling and fans, and the SM clock on the GPUs page.',
      runbook: {
        meaning: 'DCGM_FI_DEV_GPU_TEMP above 85 °C for 10 minutes.',
        confirm: 'GPUs page: temperature and SM clock; Wide EP page: is this rank a straggler?',
        action: 'Check data-center cooling and the node\'s fans; drain the node if it keeps throttling.',
      },
      test: {
        firing: [gaugeSeries(name(SIGNALS.gpuTemp), gpu, 91)],
        silent: [gaugeSeries(name(SIGNALS.gpuTemp), gpu, 70)],
        labels: gpuAlertLabels,
      },
    },
    {
      name: 'GpuFramebufferNearlyFull',
      severity: 'warning',
      expr: print(above(div(used, add(used, free)), 0.97)),
      for: '15m',
      summary: 'GPU {{ $labels.gpu }} on {{ $labels.host }} has under 3 % framebuffer free',
      description:
        'vLLM preallocates about 90 % of GPU memory; more than 97 % means something else allocates on the GPU and may cause out-of-memory errors. Check for other processes and lower gpu_memory_utilization.',
      runbook: {
        meaning: 'DCGM_FI_DEV_FB_USED / (used + free) above 0.97 for 15 minutes.',
        confirm: 'GPUs page: framebuffer per GPU; nvidia-smi on the node for other processes.',
        action: 'Lower gpu_memory_utilization, or remove the other process sharing the GPU.',
      },
      test: {
        firing: [gaugeSeries(name(SIGNALS.gpuFbUsed), gpu, 79500), gaugeSeries(name(SIGNALS.gpuFbFree), gpu, 500)],
        silent: [gaugeSeries(name(SIGNALS.gpuFbUsed), gpu, 72000), gaugeSeries(name(SIGNALS.gpuFbFree), gpu, 8000)],
        labels: gpuAlertLabels,
      },
    },
    {
      name: 'GpuIdleWhileRequestsWait',
      severity: 'warning',
      expr: print(andOn(below(podUtil, 5), above(podWaiting, 5), ['namespace', 'pod'])),
      for: '10m',
      summary: 'GPUs of {{ $labels.pod }} idle while requests wait',
      description:
        'The engine has requests waiting yet its GPUs do nothing: it is hung, waiting for KV that never arrives, or blocked on a collective. Check the engine logs and restart the pod if it does not recover.',
      runbook: {
        meaning: 'Mean GPU utilisation of a pod\'s GPUs below 5 % while more than 5 requests wait on it, for 10 minutes.',
        confirm: 'GPUs page: utilisation of the pod\'s GPUs; Overview: waiting requests per pod; engine logs.',
        action: 'Look for NCCL/NIXL timeouts or a stuck EPLB rearrangement in the logs; restart the pod (or its EP group).',
      },
      test: {
        firing: [gaugeSeries(name(SIGNALS.gpuUtil), gpu, 0), gaugeSeries(name(SIGNALS.requestsWaiting), decode, 12)],
        silent: [gaugeSeries(name(SIGNALS.gpuUtil), gpu, 80), gaugeSeries(name(SIGNALS.requestsWaiting), decode, 12)],
        labels: { namespace: FIXTURE_NAMESPACE, pod: gpu.exported_pod },
      },
    },
  ];
}
