/**
 * Projection of the configured role mapping into a `role` label, so any query can group by role whatever
 * label, job or pod name carries it. Series that match neither expression keep no `role` label and show
 * up as unassigned, which is how a wrong mapping becomes visible.
 */
import { RoleMapping } from '../settings/rolePresets';
import { Expr, labelReplace } from './promql';

export const ROLE_LABEL = 'role';

export function withRole(e: Expr, mapping: RoleMapping): Expr {
  const prefill = labelReplace(e, ROLE_LABEL, 'prefill', mapping.label, mapping.prefill);
  return labelReplace(prefill, ROLE_LABEL, 'decode', mapping.label, mapping.decode);
}
