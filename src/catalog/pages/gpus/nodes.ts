/** Row: the nodes under the GPUs (node_exporter). */
import { PanelSpec, RowSpec } from '../../panelSpec';
import { infinibandBytes, nodeCpuBusy, nodeMemoryUsed } from '../../../queries/nodes';
import { REQUIREMENTS } from '../../../queries/signals/requirements';
import { SIGNALS } from '../../../queries/signals/signals';

const cpu: PanelSpec = {
  id: 'gpus.nodeCpu',
  title: 'Node CPU busy',
  description:
    'Share of CPU time not idle per node (node_cpu_seconds_total). vLLM\'s scheduler and tokenizer run on the CPU: a saturated CPU starves the GPUs.',
  viz: 'timeseries',
  unit: 'percentunit',
  min: 0,
  max: 1,
  queries: (ctx) => [{ expr: nodeCpuBusy(ctx.window), legend: '{{instance}}' }],
};

const memory: PanelSpec = {
  id: 'gpus.nodeMemory',
  title: 'Node memory used',
  description: 'Share of host memory in use per node: 1 − MemAvailable / MemTotal (node_memory_*). CPU KV offload lives here.',
  viz: 'timeseries',
  unit: 'percentunit',
  min: 0,
  max: 1,
  queries: () => [{ expr: nodeMemoryUsed(), legend: '{{instance}}' }],
};

const infiniband: PanelSpec = {
  id: 'gpus.infiniband',
  title: 'InfiniBand traffic',
  description:
    'Bytes per second per node, HCA and port, sent and received (negative) (node_infiniband_port_data_*_bytes_total). ' +
    'KV transfers between nodes and inter-node expert all-to-all travel here.',
  viz: 'timeseries',
  unit: 'Bps',
  // With CPU and memory filled, node_exporter runs: an empty panel then means no HCA, not a missing exporter.
  // With them empty too, the exporter itself is missing, and the text says how to bring it.
  noData:
    'No InfiniBand counters. node_exporter reports node_infiniband_* only on nodes with an InfiniBand HCA (its infiniband ' +
    'collector reads /sys/class/infiniband); RoCE-over-Ethernet and Ethernet-only nodes have none. If Node CPU busy is ' +
    `empty too, no node_exporter is scraped: ${REQUIREMENTS['node-exporter'].howTo}`,
  overrides: [{ match: { byRegexp: '^rx .*' }, properties: [{ id: 'custom.transform', value: 'negative-Y' }] }],
  queries: (ctx) => [
    { expr: infinibandBytes(SIGNALS.nodeIbTx, ctx.window), legend: 'tx {{instance}} {{device}}:{{port}}' },
    { expr: infinibandBytes(SIGNALS.nodeIbRx, ctx.window), legend: 'rx {{instance}} {{device}}:{{port}}' },
  ],
};

export const NODES_ROW: RowSpec = { title: 'Nodes', panels: [cpu, memory, infiniband] };
