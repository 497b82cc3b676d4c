/**
 * Each cause's evidence as small panels over the selected range: the series its score is computed from, so the
 * operator sees why it scored. Panel specs like any page's (built by buildPanel), keyed `causes.<cause>.<what>`
 * and titled apart from every page panel (the browser tests find panels by title). A panel's empty text names
 * the evidence family the fleet lacks and what would bring it, from the catalog's requirements.
 */
import { PanelSpec, VizPanelSpec } from '../../panelSpec';
import { REQUIREMENTS } from '../../../queries/signals/requirements';
import { SIGNALS, SignalId } from '../../../queries/signals/signals';
import { gpusOfEngines } from '../../../queries/causes/gpuOfEngines';
import { onRole } from '../../../queries/pd/scope';
import { pdDecisionsPerSecond } from '../../../queries/pd/router';
import { add, agg, eq, ratio, sumBy } from '../../../queries/promql';
import { aggByRole, ROLE_LABEL } from '../../../queries/role';
import { gauge, rateOf } from '../../../queries/select';
import { CauseName } from '../../../queries/causes/types';

const MODEL = ['namespace', 'model_name'];
const ENGINE = [...MODEL, 'pod', 'engine'];

/** What an evidence panel shows without data: which family is missing and what would bring it. */
export function missingEvidenceText(signal: SignalId): string {
  const r = REQUIREMENTS[SIGNALS[signal].requires];
  return `Evidence missing: ${r.title} (${SIGNALS[signal].names[0].name}). ${r.howTo}`;
}

type Evidence = Omit<VizPanelSpec<'timeseries'>, 'viz' | 'description' | 'noData' | 'width' | 'height' | 'lead'> & {
  description?: string;
  /** The family whose absence the empty panel names. */
  lead: SignalId;
};

function panel(cause: CauseName, e: Evidence): PanelSpec {
  return {
    viz: 'timeseries',
    description: e.description ?? '',
    noData: missingEvidenceText(e.lead),
    height: 5,
    ...e,
    id: `causes.${cause}.${e.id}`,
  };
}

const EVIDENCE: Record<CauseName, Evidence[]> = {
  rebalance: [
    {
      id: 'rebalancing',
      title: 'Rearranging experts (1 = rearranging)',
      lead: 'eplbRebalancing',
      min: 0,
      max: 1,
      queries: (ctx) => [
        { expr: agg('max', [...MODEL, 'pod'], gauge(ctx, SIGNALS.eplbRebalancing)), legend: '{{pod}}' },
      ],
    },
  ],
  expert_imbalance: [
    {
      id: 'balancedness',
      title: 'Worst EPLB balancedness of any layer',
      lead: 'eplbBalancedness',
      min: 0,
      max: 1,
      queries: (ctx) => [{ expr: agg('min', MODEL, gauge(ctx, SIGNALS.eplbBalancedness)), legend: '{{model_name}}' }],
    },
  ],
  dbo_fallout: [
    {
      id: 'falloutShare',
      title: 'Share of steps out of dual-batch overlap',
      lead: 'dboFallout',
      unit: 'percentunit',
      min: 0,
      queries: (ctx) => {
        const fallout = sumBy(MODEL, rateOf(ctx, SIGNALS.dboFallout));
        const second = sumBy(MODEL, rateOf(ctx, SIGNALS.ubatchTokens, [eq('ubatch_index', 'second')], '_count'));
        return [{ expr: ratio(fallout, add(fallout, second)), legend: '{{model_name}}' }];
      },
    },
  ],
  straggler: [
    {
      id: 'tokensPerRank',
      title: 'Generated tokens/s per rank',
      lead: 'generationTokens',
      min: 0,
      queries: (ctx) => [
        {
          expr: aggByRole('sum', [...ENGINE, ROLE_LABEL], rateOf(ctx, SIGNALS.generationTokens), ctx.role),
          legend: '{{role}} {{pod}} engine {{engine}}',
        },
      ],
    },
  ],
  nixl: [
    {
      id: 'failed',
      title: 'Failed and expired KV transfers/s',
      lead: 'nixlFailedTransfers',
      unit: 'ops',
      min: 0,
      queries: (ctx) => [
        { expr: sumBy(MODEL, rateOf(ctx, SIGNALS.nixlFailedTransfers)), legend: 'failed {{model_name}}' },
        { expr: sumBy(MODEL, rateOf(ctx, SIGNALS.nixlExpiredRequests)), legend: 'expired {{model_name}}' },
      ],
    },
    {
      id: 'meanTime',
      title: 'Mean KV transfer time',
      lead: 'nixlXferTime',
      unit: 's',
      min: 0,
      queries: (ctx) => [
        {
          expr: ratio(
            sumBy(MODEL, rateOf(ctx, SIGNALS.nixlXferTime, [], '_sum')),
            sumBy(MODEL, rateOf(ctx, SIGNALS.nixlXferTime, [], '_count'))
          ),
          legend: '{{model_name}}',
        },
      ],
    },
  ],
  kv_pressure: [
    {
      id: 'usage',
      title: 'KV cache usage of the fullest engine',
      lead: 'kvCacheUsage',
      unit: 'percentunit',
      min: 0,
      max: 1,
      queries: (ctx) => [{ expr: agg('max', MODEL, gauge(ctx, SIGNALS.kvCacheUsage)), legend: '{{model_name}}' }],
    },
    {
      id: 'preemptions',
      title: 'Preemptions/s per engine',
      lead: 'preemptions',
      unit: 'ops',
      min: 0,
      queries: (ctx) => [
        { expr: sumBy(ENGINE, rateOf(ctx, SIGNALS.preemptions)), legend: '{{pod}} engine {{engine}}' },
      ],
    },
  ],
  routing: [
    {
      id: 'decodeLocal',
      title: 'Prompt tokens decode computed itself (share)',
      lead: 'promptTokensBySource',
      unit: 'percentunit',
      min: 0,
      queries: (ctx) => {
        const decode = onRole(ctx, 'decode');
        const local = sumBy(MODEL, rateOf(decode, SIGNALS.promptTokensBySource, [eq('source', 'local_compute')]));
        return [
          {
            expr: ratio(local, sumBy(MODEL, rateOf(decode, SIGNALS.promptTokensBySource))),
            legend: '{{model_name}}',
          },
        ];
      },
    },
    {
      id: 'decisions',
      title: 'Router P/D decisions/s by type',
      description: 'A decode-only decision sends a request to decode alone, which then computes its prompt.',
      lead: 'pdDecisions',
      unit: 'reqps',
      min: 0,
      queries: (ctx) => [{ expr: pdDecisionsPerSecond(ctx), legend: '{{decision_type}}' }],
    },
  ],
  target_down: [
    {
      id: 'reporting',
      title: 'Engines reporting',
      lead: 'kvCacheUsage',
      min: 0,
      decimals: 0,
      queries: (ctx) => [{ expr: agg('count', MODEL, gauge(ctx, SIGNALS.kvCacheUsage)), legend: '{{model_name}}' }],
    },
  ],
  gpu: [
    {
      id: 'smClock',
      title: 'SM clock per GPU',
      description:
        "The selected engines' GPUs where dcgm-exporter labels GPUs with their pod (its Kubernetes mapping), otherwise every GPU.",
      lead: 'gpuSmClock',
      unit: 'MHz',
      queries: (ctx) => [
        {
          expr: agg('avg', ['host', 'gpu', 'pod'], gpusOfEngines(ctx, SIGNALS.gpuSmClock)),
          legend: '{{host}} GPU {{gpu}} {{pod}}',
        },
      ],
    },
    {
      id: 'xid',
      title: 'Last XID error per GPU (0 = none)',
      description: 'The same GPUs as the SM clock.',
      lead: 'gpuXid',
      min: 0,
      decimals: 0,
      queries: (ctx) => [
        {
          expr: agg('max', ['host', 'gpu', 'pod'], gpusOfEngines(ctx, SIGNALS.gpuXid)),
          legend: '{{host}} GPU {{gpu}} {{pod}}',
        },
      ],
    },
  ],
  demand: [
    {
      id: 'requests',
      title: 'Finished requests/s',
      lead: 'requestSuccess',
      unit: 'reqps',
      min: 0,
      queries: (ctx) => [{ expr: sumBy(MODEL, rateOf(ctx, SIGNALS.requestSuccess)), legend: '{{model_name}}' }],
    },
  ],
};

/** The panels that show one cause's evidence. */
export function evidencePanels(cause: CauseName): PanelSpec[] {
  return EVIDENCE[cause].map((e) => panel(cause, e));
}
