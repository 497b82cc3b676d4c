/** Row: the router's P/D decisions and the load between the pools. */
import { PanelSpec, RowSpec } from '../../panelSpec';
import { pdDecisionsPerSecond, prefillDecodeLoadRatio } from '../../../queries/pd';

const decisions: PanelSpec = {
  id: 'pd.routerDecisions',
  title: 'Router P/D decisions',
  description:
    'Requests per second by the llm-d router\'s decision (llm_d_epp_disagg_decision_total by decision_type, or the older llm_d_inference_scheduler_* / llm_d_epp_pd_decision_total names): prefill-decode sends the prompt to a prefill pod first; decode-only serves it on decode (short prompts, cache hits). ' +
    'Good: the mix follows your prompt lengths and cache hit rate; prefill-decode at zero means P/D is effectively off.',
  viz: 'timeseries',
  unit: 'reqps',
  min: 0,
  stacking: 'normal',
  queries: (ctx) => [{ expr: pdDecisionsPerSecond(ctx), legend: '{{decision_type}}' }],
};

const loadRatio: PanelSpec = {
  id: 'pd.loadRatio',
  title: 'Prefill:decode load ratio',
  description:
    'Requests in flight (vllm:num_requests_running + vllm:num_requests_waiting) per prefill engine, divided by the same per decode engine. Decode holds requests for the whole generation, so the ratio is normally well below 1; ' +
    'what matters is drift: rising means prefill is falling behind (add prefill pods), falling towards zero with decode queues growing means decode is the bottleneck.',
  viz: 'timeseries',
  unit: 'short',
  min: 0,
  decimals: 2,
  queries: (ctx) => [{ expr: prefillDecodeLoadRatio(ctx), legend: 'prefill : decode' }],
};

export const ROUTER_ROW: RowSpec = { title: 'Router and balance', panels: [decisions, loadRatio] };
