/** The routability state timeline, shared by the Wide EP and P/D pages: which engines a router should avoid, and why. */
import { leastRoutableEngines, ROUTABLE_STATES } from '../../queries/routability';
import { worstNote } from '../../queries/worst';
import { PanelSpec, RowSpec } from '../panelSpec';
import { REQUIREMENTS } from '../../queries/signals/requirements';

const COLORS: Record<string, string> = {
  routable: 'green',
  down: 'red',
  rebalancing: 'orange',
  kv_not_arriving: 'purple',
  kv_exhausted: 'dark-red',
  straggler: 'yellow',
};

export function routabilityRow(id: string): RowSpec {
  const panel: PanelSpec = {
    id,
    title: 'Routable engines',
    description:
      'The llmd:engine_routable recording rule per engine: routable (green) or why a router should avoid it: down, rebalancing ' +
      '(EPLB moving experts), kv_not_arriving (NIXL transfers failing), kv_exhausted (KV cache over 90 %), straggler (under 70 % of ' +
      "its role's mean tokens/s). Computed from vllm:kv_cache_usage_perc, vllm:eplb_rebalancing, vllm:generation_tokens_total and " +
      'vllm:nixl_num_failed_transfers_total; needs the llmd-recording rules loaded in Prometheus (docs/causes.md). ' +
      `${worstNote('highest', 'engines by state (unroutable first)')}`,
    viz: 'state-timeline',
    // Led by a family only vLLM exports: the rule keys engines by vLLM's `engine` label, so SGLang fleets get no series.
    lead: 'generationTokens',
    mappings: ROUTABLE_STATES.map((s) => ({ value: String(s.value), text: s.text, color: COLORS[s.text] })),
    noData:
      'No llmd:engine_routable series: load deploy/prometheus/rules/llmd-recording.yml into Prometheus (docs/causes.md). ' +
      `The rule reads vLLM engines (SGLang has no per-engine equivalent yet): ${REQUIREMENTS.vllm.howTo}`,
    width: 24,
    queries: (ctx) => [{ expr: leastRoutableEngines(ctx), legend: '{{pod}} engine {{engine}}' }],
  };
  return { title: 'Routability', panels: [panel] };
}
