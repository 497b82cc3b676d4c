/**
 * Projection of the configured role mapping into a `role` label, so any query can group by role whatever
 * label, job or pod name carries it. Series that match neither expression keep no `role` label and show
 * up as unassigned, which is how a wrong mapping becomes visible.
 */
import { RoleMapping } from '../settings/rolePresets';
import { agg, AggOp, Expr, labelReplace } from './promql';

export const ROLE_LABEL = 'role';

export function withRole(e: Expr, mapping: RoleMapping): Expr {
  const prefill = labelReplace(e, ROLE_LABEL, 'prefill', mapping.label, mapping.prefill);
  return labelReplace(prefill, ROLE_LABEL, 'decode', mapping.label, mapping.decode);
}

/** `op by (by) (e with a role label)`, the role label appended to `by` unless `by` places it itself. */
export function aggByRole(op: AggOp, by: string[], e: Expr, mapping: RoleMapping): Expr {
  return agg(op, by.includes(ROLE_LABEL) ? by : [...by, ROLE_LABEL], withRole(e, mapping));
}

/**
 * SGLang names an engine's role itself in `engine_type` (prefill, decode or unified; collector.py in
 * sgl-project/sglang@93d04878cfb9b08645fae7b11bd340ee33b34acf): it wins over the configured mapping, which
 * still places pods whose engine_type says unified.
 */
export const ENGINE_TYPE_LABEL = 'engine_type';

export function withEngineTypeRole(e: Expr, mapping: RoleMapping): Expr {
  return labelReplace(withRole(e, mapping), ROLE_LABEL, '$1', ENGINE_TYPE_LABEL, '(prefill|decode)');
}
