import { SIGNALS } from '../signals';
import { PageSpec, PanelSpec } from '../panelSpec';
import { agg, print } from '../../queries/promql';
import { dcgmSeries, HOST_LABEL } from '../../queries/gpu';

const utilization: PanelSpec = {
  id: 'gpus.utilization',
  title: 'GPU utilization',
  description: 'Percent of time a kernel was running, per GPU (DCGM_FI_DEV_GPU_UTIL).',
  viz: 'timeseries',
  signals: ['gpuUtil'],
  unit: 'percent',
  min: 0,
  max: 100,
  queries: () => [
    {
      expr: print(agg('avg', [HOST_LABEL, 'gpu', 'pod'], dcgmSeries(SIGNALS.gpuUtil))),
      legend: '{{host}} GPU {{gpu}} {{pod}}',
    },
  ],
};

export const GPUS_PAGE: PageSpec = {
  id: 'gpus',
  route: 'gpus',
  title: 'GPUs',
  subtitle: 'The hardware under the engines: utilization, memory, power, temperature, NVLink, PCIe and errors.',
  filters: [],
  rows: [{ title: 'Utilization', panels: [utilization] }],
};
