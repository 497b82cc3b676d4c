/** Row: KV transfer volume, latency and bandwidth over NIXL. */
import { SIGNALS } from '../../../queries/signals/signals';
import { PanelSpec, RowSpec } from '../../panelSpec';
import { noDataText, REQUIREMENTS } from '../../../queries/signals/requirements';
import {
  kvBytesPerSecond,
  kvBytesPerToken,
  kvTokensPerSecond,
  nixlBandwidth,
  nixlBucketRates,
  nixlTransfersPerSecond,
} from '../../../queries/pd';
import { latencyQuantile } from '../../../queries/serving';

const NIXL_NO_DATA = noDataText('nixl');

const kvVolume: PanelSpec = {
  id: 'pd.kvVolume',
  title: 'KV transferred',
  description:
    'Tokens of KV moved per second (the external_kv_transfer prompt tokens of vllm:prompt_tokens_by_source_total, which the decode side counts on receipt; else the proposed, not upstream, vllm:nixl_tokens_transferred_total) and bytes per second (rate of vllm:nixl_bytes_transferred_sum, recorded by the decode worker that reads the KV, right axis). ' +
    'Good: tracks the prompt tokens prefill computes for requests routed through P/D; bytes follow tokens at a constant ratio.',
  viz: 'timeseries',
  unit: 'short',
  custom: { axisLabel: 'tokens/s' },
  noData: noDataText('vllm-by-source', `Bytes per second: ${REQUIREMENTS.nixl.howTo}`),
  overrides: [
    {
      match: { byName: 'bytes/s' },
      properties: [
        { id: 'unit', value: 'Bps' },
        { id: 'custom.axisPlacement', value: 'right' },
        { id: 'custom.axisLabel', value: 'bytes/s' },
      ],
    },
  ],
  queries: (ctx) => [
    { expr: kvTokensPerSecond(ctx), legend: 'tokens/s' },
    { expr: kvBytesPerSecond(ctx), legend: 'bytes/s' },
  ],
};

const bytesPerToken: PanelSpec = {
  id: 'pd.bytesPerToken',
  title: 'KV bytes per token',
  description:
    'Bytes moved per transferred token: rate of vllm:nixl_bytes_transferred_sum over KV tokens per second (the external_kv_transfer prompt tokens, else the proposed vllm:nixl_tokens_transferred_total); both counted on the decode side. Set by the model, KV dtype and parallel layout, so it should be flat; a step means a configuration change, and a value far above the KV size per token means transfers move more than the prompt needs.',
  viz: 'timeseries',
  unit: 'bytes',
  noData: NIXL_NO_DATA,
  queries: (ctx) => [{ expr: kvBytesPerToken(ctx), legend: 'bytes/token' }],
  width: 6,
};

const nixlTransfers: PanelSpec = {
  id: 'pd.nixlTransfers',
  title: 'NIXL transfers/s',
  description:
    'KV transfers completed per second (rate of vllm:nixl_xfer_time_seconds_count). Roughly one per request routed through prefill; zero while prefill-decode decisions are being made means KV is not moving.',
  viz: 'timeseries',
  unit: 'short',
  custom: { axisLabel: 'transfers/s' },
  queries: (ctx) => [{ expr: nixlTransfersPerSecond(ctx), legend: 'transfers/s' }],
  width: 6,
};

const nixlLatency: PanelSpec = {
  id: 'pd.nixlLatency',
  title: 'NIXL transfer and post latency',
  description:
    'Transfer time p50/p95/p99 (vllm:nixl_xfer_time_seconds) and time to post a transfer p50/p99 (vllm:nixl_post_time_seconds), from bucket rates summed by le. ' +
    'Good: transfer time a small fraction of TTFT and stable; a rising p99 with flat p50 points at a congested link or a slow peer; slow posts point at the NIXL agent, not the network.',
  viz: 'timeseries',
  unit: 's',
  queries: (ctx) => [
    { expr: latencyQuantile(ctx, SIGNALS.nixlXferTime, 0.5), legend: 'transfer p50' },
    { expr: latencyQuantile(ctx, SIGNALS.nixlXferTime, 0.95), legend: 'transfer p95' },
    { expr: latencyQuantile(ctx, SIGNALS.nixlXferTime, 0.99), legend: 'transfer p99' },
    { expr: latencyQuantile(ctx, SIGNALS.nixlPostTime, 0.5), legend: 'post p50' },
    { expr: latencyQuantile(ctx, SIGNALS.nixlPostTime, 0.99), legend: 'post p99' },
  ],
};

const nixlBandwidthPanel: PanelSpec = {
  id: 'pd.nixlBandwidth',
  title: 'NIXL effective bandwidth',
  description:
    'Bytes moved per second of transfer time (rate of vllm:nixl_bytes_transferred_sum / rate of vllm:nixl_xfer_time_seconds_sum): what a transfer achieves while it runs. ' +
    'Good: close to the fabric between prefill and decode (RDMA NICs: tens of GB/s); far below means TCP fallback, small transfers dominated by setup, or contention.',
  viz: 'timeseries',
  unit: 'Bps',
  queries: (ctx) => [{ expr: nixlBandwidth(ctx), legend: 'bandwidth' }],
};

const bytesPerTransfer: PanelSpec = {
  id: 'pd.bytesPerTransfer',
  title: 'Bytes per transfer',
  description:
    'Distribution of bytes per NIXL transfer over time (bucket rates of vllm:nixl_bytes_transferred). Follows the prompt length distribution; many tiny transfers waste bandwidth on setup.',
  viz: 'heatmap',
  unit: 'bytes',
  queries: (ctx) => [{ expr: nixlBucketRates(ctx, SIGNALS.nixlBytes), legend: '{{le}}', format: 'heatmap' }],
};

const descriptorsPerTransfer: PanelSpec = {
  id: 'pd.descriptorsPerTransfer',
  title: 'Descriptors per transfer',
  description:
    'Distribution of NIXL descriptors per transfer over time (bucket rates of vllm:nixl_num_descriptors): roughly KV blocks × layers per transfer. Many descriptors per byte mean a fragmented KV layout and per-descriptor overhead.',
  viz: 'heatmap',
  unit: 'short',
  queries: (ctx) => [{ expr: nixlBucketRates(ctx, SIGNALS.nixlDescriptors), legend: '{{le}}', format: 'heatmap' }],
};

export const KV_TRANSFER_ROW: RowSpec = {
  title: 'KV transfer (NIXL)',
  panels: [kvVolume, bytesPerToken, nixlTransfers, nixlLatency, nixlBandwidthPanel, bytesPerTransfer, descriptorsPerTransfer],
};
