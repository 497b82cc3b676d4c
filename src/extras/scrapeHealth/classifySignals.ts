/**
 * The scrape check's verdict: for each requirement (a scrape job, a vLLM flag, a connector), which of its
 * signals Prometheus has, under which name, and what enables the rest. Pure, so it is tested without a
 * Prometheus.
 */
import { MetricName, Signal, SIGNALS } from '../../queries/signals/signals';
import { Requirement, RequirementId, REQUIREMENTS } from '../../queries/signals/requirements';

/** What Prometheus holds for one signal. */
export interface SignalCheck {
  signal: Signal;
  /** Only other projects' or older names: a deployment is complete without it. */
  optional: boolean;
  /** The name with series, preferring the catalog's order; undefined when none has series. */
  inUse?: MetricName;
  series: number;
}

export type RequirementState = 'ok' | 'partial' | 'missing';

export interface RequirementCheck {
  requirement: Requirement;
  state: RequirementState;
  signals: SignalCheck[];
  /** Legacy names with series (current releases no longer export them: dashboards built on them break on upgrade). */
  legacyInUse: string[];
}

/** The series name Prometheus shows for a signal's name (histograms and summaries are found by their `_count`). */
export function exposedName(signal: Signal, name: MetricName): string {
  return signal.type === 'histogram' || signal.type === 'summary' ? `${name.name}_count` : name.name;
}

function checkSignal(signal: Signal, seriesByName: Map<string, number>): SignalCheck {
  // Another engine's family (SGLang's) is optional for a vLLM fleet, and the reverse: only the quantity matters.
  const optional =
    signal.names.every((n) => n.status === 'alternative' || n.status === 'legacy') ||
    signal.names.every((n) => n.name.startsWith('sglang:'));
  for (const name of signal.names) {
    const series = seriesByName.get(exposedName(signal, name)) ?? 0;
    if (series > 0) {
      return { signal, optional, inUse: name, series };
    }
  }
  return { signal, optional, series: 0 };
}

/** Requirements in the order the page lists them: what everything needs first. */
const ORDER: RequirementId[] = [
  'vllm',
  'epp',
  'dcgm',
  'node-exporter',
  'vllm-by-source',
  'vllm-waiting-by-reason',
  'nixl',
  'pd-proposed',
  'eplb-rebalance-pr',
  'eplb-routing-pr',
  'sglang-eplb-balancedness',
  'sglang-eplb-heatmap',
  'eplb-metrics',
  'expert-debug',
  'dbo-metrics',
  'spec-decode',
  'dcgm-nvlink-csv',
];

export function classifySignals(
  seriesByName: Map<string, number>,
  signals: Signal[] = Object.values(SIGNALS)
): RequirementCheck[] {
  return ORDER.map((id) => {
    const mine = signals.filter((s) => s.requires === id);
    const checks = mine.map((s) => checkSignal(s, seriesByName));
    const required = checks.filter((c) => !c.optional);
    const found = required.filter((c) => c.inUse).length;
    const anyInUse = checks.some((c) => c.inUse);
    const state: RequirementState =
      required.length === 0 ? (anyInUse ? 'ok' : 'missing') : found === 0 ? 'missing' : found === required.length ? 'ok' : 'partial';
    // Every legacy name with series, even beside the current one: a fleet halfway through an upgrade has both.
    const legacyInUse = mine.flatMap((s) =>
      s.names.filter((n) => n.status === 'legacy' && (seriesByName.get(exposedName(s, n)) ?? 0) > 0).map((n) => n.name)
    );
    return { requirement: REQUIREMENTS[id], state, signals: checks, legacyInUse };
  })
    .filter((c) => c.signals.length > 0)
    // Another engine's families (SGLang's in a vLLM fleet) are not missing: leave them out unless they are here.
    .filter((c) => !(c.signals.every((s) => s.optional) && c.state === 'missing'));
}
