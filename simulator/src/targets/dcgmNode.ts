/**
 * The /metrics of one node's dcgm-exporter: per-GPU fields named after their DCGM field, counters without
 * `_total`, framebuffer in MiB, and the pod/namespace/container of the vLLM pod that holds the GPU.
 */
import { Registry } from 'prom-client';
import { CounterSeries, Family, GaugeSeries, Labels, MetricType } from '../series';
import { Gpu, Node } from '../topology';

export const GPU_MODEL = 'NVIDIA H100 80GB HBM3';
export const DRIVER_VERSION = '550.90.07';
const FB_TOTAL_MIB = 81559;
const FB_RESERVED_MIB = 522;
const IDLE_WATTS = 95;
const MAX_WATTS = 700;

/** State of one GPU; gauges are set by the simulation from its engine's load. */
export class GpuSeries {
  readonly gauges = {
    DCGM_FI_DEV_SM_CLOCK: new GaugeSeries(),
    DCGM_FI_DEV_MEM_CLOCK: new GaugeSeries(),
    DCGM_FI_DEV_MEMORY_TEMP: new GaugeSeries(),
    DCGM_FI_DEV_GPU_TEMP: new GaugeSeries(),
    DCGM_FI_DEV_POWER_USAGE: new GaugeSeries(),
    DCGM_FI_DEV_GPU_UTIL: new GaugeSeries(),
    DCGM_FI_DEV_MEM_COPY_UTIL: new GaugeSeries(),
    DCGM_FI_DEV_ENC_UTIL: new GaugeSeries(),
    DCGM_FI_DEV_DEC_UTIL: new GaugeSeries(),
    DCGM_FI_DEV_XID_ERRORS: new GaugeSeries(),
    DCGM_FI_DEV_FB_FREE: new GaugeSeries(),
    DCGM_FI_DEV_FB_USED: new GaugeSeries(),
    DCGM_FI_DEV_FB_RESERVED: new GaugeSeries(),
    DCGM_FI_DEV_VGPU_LICENSE_STATUS: new GaugeSeries(),
    DCGM_FI_DEV_ROW_REMAP_FAILURE: new GaugeSeries(),
    DCGM_FI_PROF_GR_ENGINE_ACTIVE: new GaugeSeries(),
    DCGM_FI_PROF_SM_ACTIVE: new GaugeSeries(),
    DCGM_FI_PROF_SM_OCCUPANCY: new GaugeSeries(),
    DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: new GaugeSeries(),
    DCGM_FI_PROF_DRAM_ACTIVE: new GaugeSeries(),
    DCGM_FI_PROF_PCIE_TX_BYTES: new GaugeSeries(),
    DCGM_FI_PROF_PCIE_RX_BYTES: new GaugeSeries(),
    DCGM_FI_PROF_NVLINK_TX_BYTES: new GaugeSeries(),
    DCGM_FI_PROF_NVLINK_RX_BYTES: new GaugeSeries(),
  };
  readonly counters = {
    DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION: new CounterSeries(),
    DCGM_FI_DEV_PCIE_REPLAY_COUNTER: new CounterSeries(),
    DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL: new CounterSeries(),
    DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS: new CounterSeries(),
    DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS: new CounterSeries(),
    DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL: new CounterSeries(),
    DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL: new CounterSeries(),
  };
  /** GPU utilization (%) at load 1, and NVLink / PCIe bytes per second at load 1. */
  util = 0;
  nvlinkBytes = 0;
  pcieTxBytes = 0;
  pcieRxBytes = 0;
  slow = false;
  xid = 0;

  constructor(readonly gpu: Gpu) {
    this.gauges.DCGM_FI_DEV_MEM_CLOCK.value = 2619;
    this.gauges.DCGM_FI_DEV_FB_RESERVED.value = FB_RESERVED_MIB;
    this.configure(0, 0, 0, 0, false);
  }

  /** Sets the load-1 operating point; counters then integrate power and traffic exactly. */
  configure(util: number, nvlinkBytes: number, pcieTx: number, pcieRx: number, slow: boolean): void {
    this.util = util;
    this.nvlinkBytes = nvlinkBytes;
    this.pcieTxBytes = pcieTx;
    this.pcieRxBytes = pcieRx;
    this.slow = slow;
    const energy = this.counters.DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION;
    energy.perSecond = IDLE_WATTS * 1000;
    energy.perLoad = ((MAX_WATTS - IDLE_WATTS) * util * 1000) / 100;
    this.counters.DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL.perLoad = nvlinkBytes;
    const used = util > 0 ? Math.round(0.9 * (FB_TOTAL_MIB - FB_RESERVED_MIB)) : 0;
    this.gauges.DCGM_FI_DEV_FB_USED.value = used;
    this.gauges.DCGM_FI_DEV_FB_FREE.value = FB_TOTAL_MIB - FB_RESERVED_MIB - used;
  }

  /** Gauges at this instant's load factor. */
  refresh(load: number): void {
    const util = this.util * load;
    const g = this.gauges;
    g.DCGM_FI_DEV_GPU_UTIL.value = Math.round(util);
    g.DCGM_FI_DEV_POWER_USAGE.value = round2(IDLE_WATTS + ((MAX_WATTS - IDLE_WATTS) * util) / 100);
    g.DCGM_FI_DEV_GPU_TEMP.value = Math.round(32 + 0.4 * util + (this.slow ? 18 : 0));
    g.DCGM_FI_DEV_MEMORY_TEMP.value = Math.round(36 + 0.35 * util + (this.slow ? 12 : 0));
    g.DCGM_FI_DEV_SM_CLOCK.value = this.slow ? 1275 : util > 0 ? 1980 : 345;
    g.DCGM_FI_DEV_MEM_COPY_UTIL.value = Math.round(util * 0.55);
    g.DCGM_FI_DEV_XID_ERRORS.value = this.xid;
    g.DCGM_FI_PROF_GR_ENGINE_ACTIVE.value = round4(util / 100);
    g.DCGM_FI_PROF_SM_ACTIVE.value = round4((util / 100) * 0.9);
    g.DCGM_FI_PROF_SM_OCCUPANCY.value = round4((util / 100) * 0.45);
    g.DCGM_FI_PROF_PIPE_TENSOR_ACTIVE.value = round4((util / 100) * 0.42);
    g.DCGM_FI_PROF_DRAM_ACTIVE.value = round4((util / 100) * 0.7);
    g.DCGM_FI_PROF_PCIE_TX_BYTES.value = Math.round(this.pcieTxBytes * load);
    g.DCGM_FI_PROF_PCIE_RX_BYTES.value = Math.round(this.pcieRxBytes * load);
    g.DCGM_FI_PROF_NVLINK_TX_BYTES.value = Math.round((this.nvlinkBytes / 2) * load);
    g.DCGM_FI_PROF_NVLINK_RX_BYTES.value = Math.round((this.nvlinkBytes / 2) * load);
  }

  advance(seconds: number, load: number): void {
    for (const c of Object.values(this.counters)) {
      c.advance(seconds, load);
    }
  }
}

const HELP: Record<string, string> = {
  DCGM_FI_DEV_SM_CLOCK: 'SM clock frequency (in MHz).',
  DCGM_FI_DEV_MEM_CLOCK: 'Memory clock frequency (in MHz).',
  DCGM_FI_DEV_MEMORY_TEMP: 'Memory temperature (in C).',
  DCGM_FI_DEV_GPU_TEMP: 'GPU temperature (in C).',
  DCGM_FI_DEV_POWER_USAGE: 'Power draw (in W).',
  DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION: 'Total energy consumption since boot (in mJ).',
  DCGM_FI_DEV_PCIE_REPLAY_COUNTER: 'Total number of PCIe retries.',
  DCGM_FI_DEV_GPU_UTIL: 'GPU utilization (in %).',
  DCGM_FI_DEV_MEM_COPY_UTIL: 'Memory utilization (in %).',
  DCGM_FI_DEV_ENC_UTIL: 'Encoder utilization (in %).',
  DCGM_FI_DEV_DEC_UTIL: 'Decoder utilization (in %).',
  DCGM_FI_DEV_XID_ERRORS: 'Value of the last XID error encountered.',
  DCGM_FI_DEV_FB_FREE: 'Framebuffer memory free (in MiB).',
  DCGM_FI_DEV_FB_USED: 'Framebuffer memory used (in MiB).',
  DCGM_FI_DEV_FB_RESERVED: 'Framebuffer memory reserved (in MiB).',
  DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL: 'Total number of NVLink bandwidth counters for all lanes.',
  DCGM_FI_DEV_VGPU_LICENSE_STATUS: 'vGPU License status',
  DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS: 'Number of remapped rows for uncorrectable errors',
  DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS: 'Number of remapped rows for correctable errors',
  DCGM_FI_DEV_ROW_REMAP_FAILURE: 'Whether remapping of rows has failed',
  DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL: 'Total number of NVLink flow-control CRC errors.',
  DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL: 'Total number of NVLink retries.',
  DCGM_FI_PROF_GR_ENGINE_ACTIVE: 'Ratio of time the graphics engine is active.',
  DCGM_FI_PROF_SM_ACTIVE: 'The ratio of cycles an SM has at least 1 warp assigned.',
  DCGM_FI_PROF_SM_OCCUPANCY: 'The ratio of number of warps resident on an SM.',
  DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: 'Ratio of cycles the tensor (HMMA) pipe is active.',
  DCGM_FI_PROF_DRAM_ACTIVE: 'Ratio of cycles the device memory interface is active sending or receiving data.',
  DCGM_FI_PROF_PCIE_TX_BYTES: 'The rate of data transmitted over the PCIe bus - including both protocol headers and data payloads - in bytes per second.',
  DCGM_FI_PROF_PCIE_RX_BYTES: 'The rate of data received over the PCIe bus - including both protocol headers and data payloads - in bytes per second.',
  DCGM_FI_PROF_NVLINK_TX_BYTES: 'The rate of data transmitted over NVLink - not including protocol headers - in bytes per second.',
  DCGM_FI_PROF_NVLINK_RX_BYTES: 'The rate of data received over NVLink - not including protocol headers - in bytes per second.',
};

/** Fields that dcgm-exporter's etc/default-counters.csv leaves commented out or lacks (metrics/upstream/dcgm-exporter.json). */
const NOT_DEFAULT = new Set([
  'DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL',
  'DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL',
  'DCGM_FI_PROF_SM_ACTIVE',
  'DCGM_FI_PROF_SM_OCCUPANCY',
  'DCGM_FI_PROF_NVLINK_TX_BYTES',
  'DCGM_FI_PROF_NVLINK_RX_BYTES',
]);

export class DcgmNodeTarget {
  readonly registry = new Registry();

  constructor(
    readonly node: Node,
    readonly gpus: GpuSeries[],
    namespace: string,
    hostLabel: 'Hostname' | 'hostname',
    /** Fields beyond dcgm-exporter's default-counters.csv, as this project's deploy/dcgm/counters.csv enables. */
    extras: boolean
  ) {
    const labelsOf = (g: GpuSeries): Labels => {
      const engine = g.gpu.engine;
      return {
        gpu: String(g.gpu.index),
        UUID: g.gpu.uuid,
        pci_bus_id: g.gpu.pciBusId,
        device: `nvidia${g.gpu.index}`,
        modelName: GPU_MODEL,
        [hostLabel]: node.name,
        DCGM_FI_DRIVER_VERSION: DRIVER_VERSION,
        container: engine ? 'vllm' : '',
        namespace: engine ? namespace : '',
        pod: engine ? engine.pod.name : '',
      };
    };
    // Field order as in the counters CSV.
    const order = Object.keys(HELP).filter((name) => extras || !NOT_DEFAULT.has(name));
    for (const name of order) {
      const isCounter = name in gpus[0].counters;
      const type: MetricType = isCounter ? 'counter' : 'gauge';
      const family = new Family(name, HELP[name], type, 'go');
      for (const g of gpus) {
        const series = isCounter
          ? g.counters[name as keyof GpuSeries['counters']]
          : g.gauges[name as keyof GpuSeries['gauges']];
        family.add(labelsOf(g), series);
      }
      this.registry.registerMetric(family as never);
    }
  }
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function round4(v: number): number {
  return Math.round(v * 10000) / 10000;
}
