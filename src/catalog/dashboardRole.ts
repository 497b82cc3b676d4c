/**
 * In the included dashboards the role mapping cannot come from the app's configuration: it comes from three
 * dashboard variables, pre-filled with the llm-d preset, that users edit to match their deployment.
 */
import { RoleMapping } from '../settings/rolePresets';

export const VAR_ROLE_LABEL = 'role_label';
export const VAR_PREFILL_MATCH = 'prefill_match';
export const VAR_DECODE_MATCH = 'decode_match';

export const DASHBOARD_ROLE_MAPPING: RoleMapping = {
  label: `$${VAR_ROLE_LABEL}`,
  prefill: `$${VAR_PREFILL_MATCH}`,
  decode: `$${VAR_DECODE_MATCH}`,
};
