/**
 * The signals a panel reads, derived from its query trees: each selector's metric name is one of a signal's names
 * (a histogram's or summary's `_bucket`, `_sum` and `_count` series count as the family), and a recording rule's
 * record stands for the signals the rule's own tree reads.
 */
import { QueryContext } from '../queries/context';
import { Expr, selectedMetrics } from '../queries/promql';
import { ALL_SIGNALS, SignalId } from '../queries/signals/signals';
import type { PanelSpecBase } from './panelSpec';
import { DEFAULT_RULE_MAPPING, recordingRuleSpecs } from './rules';

const SIGNAL_OF_NAME = new Map(ALL_SIGNALS.flatMap((s) => s.names.map((n) => [n.name, s.id as SignalId] as const)));

const PARTS = /_(bucket|sum|count)$/;

/** The signal a selected metric name belongs to, if any: the exact name first, then the family of a part. */
function signalOf(metric: string): SignalId | undefined {
  return SIGNAL_OF_NAME.get(metric) ?? SIGNAL_OF_NAME.get(metric.replace(PARTS, ''));
}

let recordTrees: Map<string, Expr> | undefined;

/** Each recording rule's tree by record (the role mapping changes matchers, not the names read). */
function ruleOf(record: string): Expr | undefined {
  recordTrees ??= new Map(recordingRuleSpecs(DEFAULT_RULE_MAPPING).map((r) => [r.record, r.expr]));
  return recordTrees.get(record);
}

/** The signals the expressions read, each once, in the order their selectors are met. */
export function signalsRead(exprs: Expr[]): SignalId[] {
  const out = new Set<SignalId>();
  const seen = new Set<string>();
  const visit = (e: Expr): void => {
    for (const metric of selectedMetrics(e)) {
      const signal = signalOf(metric);
      if (signal) {
        out.add(signal);
      }
      const rule = seen.has(metric) ? undefined : ruleOf(metric);
      seen.add(metric);
      if (rule) {
        visit(rule);
      }
    }
  };
  exprs.forEach(visit);
  return [...out];
}

/** The signals a panel reads under `ctx`: its lead first, whose requirement explains the panel when empty. */
export function panelSignals(spec: PanelSpecBase, ctx: QueryContext): SignalId[] {
  const read = signalsRead(spec.queries(ctx).map((q) => q.expr));
  return spec.lead ? [spec.lead, ...read.filter((s) => s !== spec.lead)] : read;
}
