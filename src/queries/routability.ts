/**
 * Reading the `llmd:engine_routable` recording rule (src/catalog/rules/routability.ts) for a state timeline: one
 * series per engine whose value says routable (0) or why not (1..5), so the reason shows as a colour.
 */
import { QueryContext } from './context';
import { add, agg, anyOf, eq, Expr, num, selector, sub } from './promql';
import { worstAtEachStep } from './worst';

/** The routability record (src/catalog/rules/routability.ts writes it) and its reasons, in the order the state timeline numbers them. */
export const ROUTABLE_RECORD = 'llmd:engine_routable';
export const ROUTABLE_REASONS = ['down', 'rebalancing', 'kv_not_arriving', 'kv_exhausted', 'straggler'] as const;
export type RoutableReason = (typeof ROUTABLE_REASONS)[number];

const ENGINE_KEY = ['namespace', 'model_name', 'pod', 'engine'];

/** Value of each state in the timeline: 0 routable, then the reasons in the rule's order. */
export const ROUTABLE_STATES: Array<{ value: number; text: string }> = [
  { value: 0, text: 'routable' },
  ...ROUTABLE_REASONS.map((reason, i) => ({ value: i + 1, text: reason })),
];

export function routableStatePerEngine(ctx: QueryContext): Expr {
  // The recorded series carries only the engine key: filters on other labels (the role label) do not apply.
  const filters = ctx.vllm.filter((m) => ENGINE_KEY.includes(m.label));
  const of = (reason: string) => selector(ROUTABLE_RECORD, [...filters, eq('reason', reason)]);
  const states = [sub(of(''), num(1)), ...ROUTABLE_REASONS.map((reason, i) => add(of(reason), num(i + 1)))];
  return agg('max', ENGINE_KEY, anyOf(states));
}

/** The state timeline's rows: the engines in the worst states at each step (0 routable sorts last). */
export function leastRoutableEngines(ctx: QueryContext): Expr {
  return worstAtEachStep(routableStatePerEngine(ctx), 'highest');
}
