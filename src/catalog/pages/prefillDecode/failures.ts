/** Row: NIXL failures. Each is a rate over the window; any sustained non-zero rate deserves a look. */
import { Signal, SignalId, SIGNALS } from '../../../queries/signals/signals';
import { PanelSpec, RowSpec, Threshold } from '../../panelSpec';
import { nixlEventsPerSecond } from '../../../queries/pd';

/** Occasional failures (under one every ~15 minutes) are noise; one every ten seconds is an incident. */
const FAILURE_THRESHOLDS: Threshold[] = [
  { value: null, color: 'green' },
  { value: 0.001, color: 'orange' },
  { value: 0.1, color: 'red' },
];

function failureStat(id: string, title: string, signalId: SignalId, meaning: string): PanelSpec {
  const signal: Signal = SIGNALS[signalId];
  return {
    id,
    title,
    description: `${meaning} Per second over the window (rate of ${signal.names[0].name}). Good: zero; orange from one per ~15 minutes, red from one every 10 s.`,
    viz: 'stat',
    unit: 'short',
    decimals: 3,
    thresholds: FAILURE_THRESHOLDS,
    queries: (ctx) => [{ expr: nixlEventsPerSecond(ctx, signal), legend: '/s' }],
    width: 8,
  };
}

const failedTransfers = failureStat(
  'pd.nixlFailedTransfers',
  'Failed KV transfers/s',
  'nixlFailedTransfers',
  'NIXL transfers that failed; decode then recomputes the prompt or fails the request.'
);

const failedNotifications = failureStat(
  'pd.nixlFailedNotifications',
  'Failed notifications/s',
  'nixlFailedNotifications',
  'Completion notifications decode could not deliver to prefill, so prefill holds KV blocks until they expire.'
);

const expiredRequests = failureStat(
  'pd.nixlExpiredRequests',
  'Expired KV requests/s',
  'nixlExpiredRequests',
  'Requests whose KV blocks prefill freed before decode read them (VLLM_NIXL_ABORT_REQUEST_TIMEOUT); decode must recompute.'
);

const failureTrend: PanelSpec = {
  id: 'pd.nixlFailureTrend',
  title: 'NIXL failures over time',
  description:
    'The three failure rates together (vllm:nixl_num_failed_transfers_total, vllm:nixl_num_failed_notifications_total, vllm:nixl_num_kv_expired_reqs_total), to see whether they started together (a peer or link down) or alone.',
  viz: 'timeseries',
  unit: 'short',
  min: 0,
  thresholds: FAILURE_THRESHOLDS,
  thresholdsStyle: 'dashed',
  custom: { axisLabel: 'per second' },
  queries: (ctx) => [
    { expr: nixlEventsPerSecond(ctx, SIGNALS.nixlFailedTransfers), legend: 'failed transfers' },
    { expr: nixlEventsPerSecond(ctx, SIGNALS.nixlFailedNotifications), legend: 'failed notifications' },
    { expr: nixlEventsPerSecond(ctx, SIGNALS.nixlExpiredRequests), legend: 'expired KV requests' },
  ],
  width: 24,
};

export const NIXL_FAILURES_ROW: RowSpec = {
  title: 'NIXL failures',
  panels: [failedTransfers, failedNotifications, expiredRequests, failureTrend],
};
