/** Rows: how busy each GPU is, its memory, power and temperature (dcgm-exporter). */
import { SIGNALS } from '../../../queries/signals/signals';
import { PanelSpec, RowSpec } from '../../panelSpec';
import { framebufferUsedShare, GPU_LINES, HOST_FILTER, worstPerGpu } from '../../../queries/gpu';

const PER_GPU = '{{host}} GPU {{gpu}} {{pod}}';

/** Said in every bounded chart's description: what it draws and where the rest is. */
const HIGHEST = `Draws the ${GPU_LINES} highest GPUs at each instant (every GPU on small fleets); the GPUs table on this page lists all of them.`;
const LOWEST = `Draws the ${GPU_LINES} lowest GPUs at each instant (every GPU on small fleets); the GPUs table on this page lists all of them.`;

const utilization: PanelSpec = {
  id: 'gpus.utilization',
  title: 'GPU utilization',
  description:
    'Percent of time a kernel was running, per GPU (DCGM_FI_DEV_GPU_UTIL). A coarse signal: 100 % means busy, not efficient; ' +
    'read it with tensor-core activity. Good: decode GPUs steady and high; a GPU far below its peers is a straggler or idle.' +
    ' ' +
    LOWEST,
  viz: 'timeseries',
  unit: 'percent',
  min: 0,
  max: 100,
  queries: () => [{ expr: worstPerGpu(SIGNALS.gpuUtil, 'lowest'), legend: PER_GPU }],
};

const tensorActive: PanelSpec = {
  id: 'gpus.tensorActive',
  title: 'Tensor-core and DRAM activity',
  description:
    'Share of cycles the tensor pipes (DCGM_FI_PROF_PIPE_TENSOR_ACTIVE, solid) and the memory interface (DCGM_FI_PROF_DRAM_ACTIVE, dashed) were active. ' +
    'Prefill is compute bound (tensor high); decode is memory bound (DRAM high, tensor lower). Both low with high utilization means the GPU waits on something else.' +
    ' ' +
    LOWEST,
  viz: 'timeseries',
  unit: 'percentunit',
  min: 0,
  max: 1,
  overrides: [
    { match: { byRegexp: '^DRAM .*' }, properties: [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }] },
  ],
  queries: () => [
    { expr: worstPerGpu(SIGNALS.gpuTensorActive, 'lowest'), legend: `tensor ${PER_GPU}` },
    { expr: worstPerGpu(SIGNALS.gpuDramActive, 'lowest'), legend: `DRAM ${PER_GPU}` },
  ],
};

const smClock: PanelSpec = {
  id: 'gpus.smClock',
  title: 'SM clock',
  description:
    'Streaming-multiprocessor clock per GPU (DCGM_FI_DEV_SM_CLOCK). A GPU whose clock drops under load is power or thermally throttled.' +
    ' ' +
    LOWEST,
  viz: 'timeseries',
  unit: 'rotmhz',
  queries: () => [{ expr: worstPerGpu(SIGNALS.gpuSmClock, 'lowest'), legend: PER_GPU }],
};

const framebufferShare: PanelSpec = {
  id: 'gpus.framebufferShare',
  title: 'GPU memory used',
  description:
    'Framebuffer used / (used + free) per GPU (DCGM_FI_DEV_FB_USED, DCGM_FI_DEV_FB_FREE). vLLM reserves most of the memory for the KV cache at start ' +
    '(--gpu-memory-utilization), so 90 % is normal; what matters is that it does not change and is the same on every GPU of a role.' +
    ' ' +
    HIGHEST,
  viz: 'timeseries',
  unit: 'percentunit',
  min: 0,
  max: 1,
  queries: () => [{ expr: framebufferUsedShare(HOST_FILTER, 'highest'), legend: '{{host}} GPU {{gpu}}' }],
};

const framebufferUsed: PanelSpec = {
  id: 'gpus.framebufferUsed',
  title: 'Framebuffer used',
  description: 'Framebuffer used per GPU in MiB (DCGM_FI_DEV_FB_USED).' +
    ' ' +
    HIGHEST,
  viz: 'timeseries',
  unit: 'decmbytes',
  min: 0,
  queries: () => [{ expr: worstPerGpu(SIGNALS.gpuFbUsed, 'highest'), legend: PER_GPU }],
};

const power: PanelSpec = {
  id: 'gpus.power',
  title: 'Power draw',
  description: 'Power per GPU in watts (DCGM_FI_DEV_POWER_USAGE). GPUs of one role under the same load should draw alike.' +
    ' ' +
    HIGHEST,
  viz: 'timeseries',
  unit: 'watt',
  min: 0,
  queries: () => [{ expr: worstPerGpu(SIGNALS.gpuPower, 'highest'), legend: PER_GPU }],
};

const temperature: PanelSpec = {
  id: 'gpus.temperature',
  title: 'Temperature',
  description:
    'GPU die (DCGM_FI_DEV_GPU_TEMP) and HBM (DCGM_FI_DEV_MEMORY_TEMP) temperature. Above about 85 °C the GPU slows its clocks.' +
    ' ' +
    HIGHEST,
  viz: 'timeseries',
  unit: 'celsius',
  thresholds: [
    { value: null, color: 'green' },
    { value: 85, color: 'red' },
  ],
  thresholdsStyle: 'dashed',
  queries: () => [
    { expr: worstPerGpu(SIGNALS.gpuTemp, 'highest'), legend: `die ${PER_GPU}` },
    { expr: worstPerGpu(SIGNALS.gpuMemTemp, 'highest'), legend: `HBM ${PER_GPU}` },
  ],
};

export const COMPUTE_ROW: RowSpec = { title: 'Compute', panels: [utilization, tensorActive, smClock] };
export const MEMORY_POWER_ROW: RowSpec = {
  title: 'Memory, power and temperature',
  panels: [framebufferShare, framebufferUsed, power, temperature],
};
