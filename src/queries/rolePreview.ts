/**
 * The query the configuration page shows under the role fields, so an operator sees how the mapping they
 * type becomes a `role` label before saving it. Any engine gauge would do; vLLM's running requests is the
 * one every llm-d engine exports.
 */
import { RoleMapping } from '../settings/rolePresets';
import { print, re, selector } from './promql';
import { withRole } from './role';

export function rolePreviewQuery(mapping: RoleMapping): string {
  return print(withRole(selector('vllm:num_requests_running', [re(mapping.label, '.+')]), mapping));
}
