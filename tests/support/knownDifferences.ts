/**
 * Where Prometheus and VictoriaMetrics 1.79 answer the same query differently by design, with what each answers,
 * the upstream source that says why, and the rewrite that makes them agree where there is one. docs/scale.md lists
 * the same. The two-backends test shows each difference on a series younger than the window (every series of a
 * stack a minute old is younger than an hour) and checks each rewrite answers alike on both.
 */
export interface KnownDifference {
  name: string;
  /** The page and dashboard queries affected, and what each engine shows. */
  what: string;
  /** Why the engines differ, with the upstream source. */
  reason: string;
  /** A query over a window longer than the stack's history; `differs` tells how the two answers differ. */
  demonstration: string;
  differs(prometheus: number, victoria: number): boolean;
  /**
   * The page and dashboard queries whose answers it explains even with windows fitted to the stack's history:
   * those that look back over the whole history (a subquery over $__range).
   */
  affects?: RegExp;
  /** The rewrite that makes both agree (to apply in src/queries), and a small query in that form; none if none. */
  fix?: { text: string; query: string };
}

const METRICSQL_DOC = 'VictoriaMetrics docs/MetricsQL.md, commit d83c68ca03a341e272d1a86e69d02c2852f550fc';
const ROLLUP_SOURCE = 'VictoriaMetrics app/vmselect/promql/rollup.go, commit 108260d6ac95965837b598fb2f08c83ebf6089a3';

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    name: 'changes() on a series younger than the window',
    what:
      'Any `changes()` over a counter or gauge: for a window after a series starts, Prometheus answers 0 and ' +
      'VictoriaMetrics 1. The pages no longer use changes() on the rearrangement counter (it also counted an engine ' +
      'restart as a rebalance; src/queries/wideep/rebalance.ts uses increase()). GpuXidError takes changes() of the XID ' +
      'gauge and requires a non-zero current code, so it differs only for a GPU whose series starts with an XID ' +
      'already set: VictoriaMetrics fires, Prometheus does not.',
    reason:
      "VictoriaMetrics' changes() counts a series' first sample as a change when no sample precedes the window " +
      `(${ROLLUP_SOURCE}, rollupChanges: \`if math.IsNaN(prevValue) { ... n++ }\`); Prometheus counts changes ` +
      'between samples inside the window only. Later VictoriaMetrics releases add changes_prometheus(); 1.79 has none.',
    // `up` of a healthy target never changes: Prometheus 0, VictoriaMetrics 1 for its first sample.
    demonstration: 'min(changes(up[1h]))',
    differs: (p, v) => v === p + 1,
    affects: /changes\(vllm:eplb_rearrangements_total\{/,
    fix: {
      text:
        'Count changes only on series that existed a window ago: `changes(c[1m]) > 0 and c offset 1m` answers the ' +
        'same on both; a pod that rearranges within its first minute is then seen a minute later.',
      query: 'max(changes(vllm:eplb_rearrangements_total[20s]) and vllm:eplb_rearrangements_total offset 20s)',
    },
  },
  {
    name: 'rate() and increase() on a series younger than the window',
    what:
      'Every fixed 5m window: the recording rules (…:rate5m, model_engine:vllm_generation_tokens:rate5m), Wide-EP ' +
      '"Throughput variance (5m)" and the alerts built on them. For the first 5 minutes of a pod, Prometheus ' +
      'answers the increase seen so far divided by the whole window (measured: 105 tokens/s at 53 s of history ' +
      'for an engine making 604), VictoriaMetrics the rate over the history it has (604). Both agree once the ' +
      'series is older than the window; $__rate_interval panels are affected only for one window after a start.',
    reason:
      `"MetricsQL doesn't extrapolate range function results" and "takes into account the previous point before ` +
      `the window" (${METRICSQL_DOC}); Prometheus extrapolates at most about one scrape interval past the first ` +
      'sample and divides by the range.',
    demonstration: 'sum(rate(vllm:generation_tokens_total[1h]))',
    differs: (p, v) => p < 0.5 * v,
  },
];
