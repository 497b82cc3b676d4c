/** Row: NVLink and PCIe traffic, and XID errors, per GPU. */
import { SIGNALS } from '../../../queries/signals/signals';
import { PanelSpec, RowSpec } from '../../panelSpec';
import { gpuCounterRate, GPU_LINES, worstPerGpu } from '../../../queries/gpu';
import { noDataText } from '../../../queries/signals/requirements';

const PER_GPU = '{{host}} GPU {{gpu}}';

const HIGHEST = `Draws the ${GPU_LINES} highest GPUs at each instant (every GPU on small fleets).`;

const nvlinkBandwidth: PanelSpec = {
  id: 'gpus.nvlinkBandwidth',
  title: 'NVLink traffic (all links)',
  description:
    'Bytes per second over all NVLink links of each GPU, from the DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL counter. Wide EP all-to-all ' +
    'and KV transfers inside a node travel here; GPUs of one EP group should move similar amounts.' +
    ' ' +
    HIGHEST,
  viz: 'timeseries',
  unit: 'Bps',
  min: 0,
  queries: (ctx) => [{ expr: gpuCounterRate(SIGNALS.gpuNvlinkBandwidth, ctx.window, 'highest'), legend: PER_GPU }],
};

const nvlinkBytes: PanelSpec = {
  id: 'gpus.nvlinkBytes',
  title: 'NVLink transmit and receive',
  description:
    'NVLink bytes per second sent (DCGM_FI_PROF_NVLINK_TX_BYTES) and received (DCGM_FI_PROF_NVLINK_RX_BYTES, negative) per GPU. ' +
    'These profiling counters are not in dcgm-exporter\'s default set: deploy/dcgm/counters.csv adds them.' +
    ' ' +
    HIGHEST,
  viz: 'timeseries',
  unit: 'Bps',
  noData: noDataText('dcgm-nvlink-csv', 'See docs/metrics-setup.md#dcgm-nvlink.'),
  overrides: [{ match: { byRegexp: '^rx .*' }, properties: [{ id: 'custom.transform', value: 'negative-Y' }] }],
  queries: () => [
    { expr: worstPerGpu(SIGNALS.gpuNvlinkTx, 'highest', 'sum', ['host', 'gpu']), legend: `tx ${PER_GPU}` },
    { expr: worstPerGpu(SIGNALS.gpuNvlinkRx, 'highest', 'sum', ['host', 'gpu']), legend: `rx ${PER_GPU}` },
  ],
};

const pcie: PanelSpec = {
  id: 'gpus.pcie',
  title: 'PCIe transmit and receive',
  description:
    'PCIe bytes per second per GPU (DCGM_FI_PROF_PCIE_TX_BYTES, DCGM_FI_PROF_PCIE_RX_BYTES as negative). KV transfers that leave the ' +
    'node over a NIC attached by PCIe show here; a busy PCIe link with idle NVLink means traffic is not staying inside the node.' +
    ' ' +
    HIGHEST,
  viz: 'timeseries',
  unit: 'Bps',
  overrides: [{ match: { byRegexp: '^rx .*' }, properties: [{ id: 'custom.transform', value: 'negative-Y' }] }],
  queries: () => [
    { expr: worstPerGpu(SIGNALS.gpuPcieTx, 'highest', 'sum', ['host', 'gpu']), legend: `tx ${PER_GPU}` },
    { expr: worstPerGpu(SIGNALS.gpuPcieRx, 'highest', 'sum', ['host', 'gpu']), legend: `rx ${PER_GPU}` },
  ],
};

const xid: PanelSpec = {
  id: 'gpus.xid',
  title: 'XID errors',
  description:
    'The last XID error code per GPU (DCGM_FI_DEV_XID_ERRORS; 0 = none). 79 (fallen off the bus), 48 (double-bit ECC) and 94/95 ' +
    '(contained/uncontained ECC) need the node drained; 13 and 31 usually point at the application.' +
    ' ' +
    HIGHEST,
  viz: 'state-timeline',
  mappings: [{ value: '0', text: 'none', color: 'green' }],
  thresholds: [
    { value: null, color: 'green' },
    { value: 1, color: 'red' },
  ],
  queries: () => [{ expr: worstPerGpu(SIGNALS.gpuXid, 'highest', 'max', ['host', 'gpu']), legend: PER_GPU }],
};

export const INTERCONNECT_ROW: RowSpec = { title: 'Interconnect and errors', panels: [nvlinkBandwidth, nvlinkBytes, pcie, xid] };
