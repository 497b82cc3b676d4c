/** Row: queues, KV cache and preemptions per role. */
import { SIGNALS } from '../../../queries/signals/signals';
import { PanelSpec, RowSpec } from '../../panelSpec';
import { kvCacheByRole } from '../kvCacheByRole';
import { waitingByReasonByRole } from '../../../queries/pd';
import { gaugeByRole, perSecondByRole } from '../../../queries/serving';

const waitingByReason: PanelSpec = {
  id: 'pd.waitingByReason',
  title: 'Waiting requests by reason',
  description:
    'Requests waiting per role and reason (vllm:num_requests_waiting_by_reason): capacity means no room in the batch or KV cache; deferred includes decode requests waiting for their KV to arrive. ' +
    'Good: both near zero. Deferred growing on decode means transfers are slow; capacity growing means the role needs more pods.',
  viz: 'timeseries',
  unit: 'short',
  min: 0,
  queries: (ctx) => [{ expr: waitingByReasonByRole(ctx), legend: '{{role}} {{reason}}' }],
};

const runningWaiting: PanelSpec = {
  id: 'pd.runningWaiting',
  title: 'Running and waiting by role',
  description:
    'Requests in the running batch (vllm:num_requests_running) and waiting (vllm:num_requests_waiting), summed per role. ' +
    'Good: waiting near zero. Prefill holds few requests briefly; decode holds many for the whole generation.',
  viz: 'timeseries',
  unit: 'short',
  min: 0,
  overrides: [
    {
      match: { byRegexp: '.* waiting$' },
      properties: [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }],
    },
  ],
  queries: (ctx) => [
    { expr: gaugeByRole(ctx, SIGNALS.requestsRunning, 'sum'), legend: '{{role}} running' },
    { expr: gaugeByRole(ctx, SIGNALS.requestsWaiting, 'sum'), legend: '{{role}} waiting' },
  ],
};

const kvCacheUsage = kvCacheByRole('pd.kvCacheUsage');

const preemptions: PanelSpec = {
  id: 'pd.preemptions',
  title: 'Preemptions by role',
  description:
    'Requests preempted per second for lack of KV cache, per role (rate of vllm:num_preemptions_total). Good: zero; preempted requests recompute their KV, on decode that means prefill work.',
  viz: 'timeseries',
  unit: 'short',
  min: 0,
  custom: { axisLabel: 'per second' },
  queries: (ctx) => [{ expr: perSecondByRole(ctx, SIGNALS.preemptions), legend: '{{role}}' }],
};

export const QUEUES_ROW: RowSpec = {
  title: 'Queues and KV cache',
  panels: [waitingByReason, runningWaiting, kvCacheUsage, preemptions],
};
