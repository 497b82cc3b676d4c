/**
 * The GPUs page: the hardware under the engines, from dcgm-exporter (either host-label spelling, pod mapping
 * with or without honorLabels), with the pod and role on each GPU, and node_exporter's view of the nodes.
 */
import { PageSpec } from '../panelSpec';
import { COMPUTE_ROW, MEMORY_POWER_ROW } from './gpus/compute';
import { ENGINES_ROW } from './gpus/engines';
import { INTERCONNECT_ROW } from './gpus/interconnect';
import { NODES_ROW } from './gpus/nodes';
import { pageIdentity } from '../../pages/identity';

export const GPUS_PAGE: PageSpec = {
  ...pageIdentity('gpus'),
  subtitle: 'The hardware under the engines: utilization, memory, power, temperature, NVLink, PCIe and errors.',
  // GPUs are chosen by node; the role join reads every engine, whatever its namespace or model.
  filters: [],
  extraVariables: ['hostname'],
  rows: [COMPUTE_ROW, ENGINES_ROW, MEMORY_POWER_ROW, INTERCONNECT_ROW, NODES_ROW],
};
