import { SIGNALS } from '../signals';
import { PageSpec, PanelSpec } from '../panelSpec';
import { print, sumBy } from '../../queries/promql';
import { withRole, ROLE_LABEL } from '../../queries/role';
import { rateOf } from '../../queries/select';

const tokenSources: PanelSpec = {
  id: 'pd.tokenSources',
  title: 'Prompt tokens by source and role',
  description:
    'Where prompt tokens come from, per role: computed locally, hit in the local prefix cache, or received by KV transfer (vllm:prompt_tokens_by_source_total). On decode nearly everything should arrive by KV transfer.',
  viz: 'timeseries',
  signals: ['promptTokensBySource'],
  unit: 'short',
  stacking: 'normal',
  queries: (ctx) => [
    {
      expr: print(sumBy([ROLE_LABEL, 'source'], withRole(rateOf(ctx, SIGNALS.promptTokensBySource), ctx.role))),
      legend: '{{role}} {{source}}',
    },
  ],
};

export const PREFILL_DECODE_PAGE: PageSpec = {
  id: 'prefill-decode',
  route: 'prefill-decode',
  title: 'Prefill/Decode',
  subtitle: 'Where prompt tokens come from, how KV moves between prefill and decode, and whether P/D is doing its job.',
  filters: ['model', 'namespace', 'role', 'pod', 'engine'],
  rows: [{ title: 'Prompt tokens', panels: [tokenSources] }],
};
