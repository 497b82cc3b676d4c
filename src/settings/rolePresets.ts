/**
 * How a vLLM pod's prefill/decode role reaches Prometheus differs by deployment. A role mapping names the
 * label that carries it and one regular expression per role over that label's values (RE2, fully anchored,
 * as Prometheus matches). Queries project it into a `role` label with label_replace, and filter on it.
 */
export interface RoleMapping {
  /** The Prometheus label that tells the role. */
  label: string;
  /** Regex matching the label's values on prefill pods. */
  prefill: string;
  /** Regex matching the label's values on decode pods. */
  decode: string;
}

export type RolePresetId = 'llm-d-label' | 'kserve' | 'job-per-role' | 'pod-name' | 'custom';

export interface RolePreset {
  id: RolePresetId;
  name: string;
  description: string;
  mapping: RoleMapping;
}

export const ROLE_PRESETS: RolePreset[] = [
  {
    id: 'llm-d-label',
    name: 'llm-d role label',
    description:
      'Pods carry llm-d.ai/role; the PodMonitor maps pod labels, so series have llm_d_ai_role="prefill" or "decode".',
    mapping: { label: 'llm_d_ai_role', prefill: 'prefill', decode: 'decode' },
  },
  {
    id: 'kserve',
    name: 'KServe LLMInferenceService',
    description: "KServe's PodMonitor copies llm-d.ai/role into llm_isvc_role.",
    mapping: { label: 'llm_isvc_role', prefill: 'prefill', decode: 'decode' },
  },
  {
    id: 'job-per-role',
    name: 'One scrape job per role',
    description: 'Prefill and decode pods are scraped by separate jobs, e.g. vllm-prefill and vllm-decode.',
    mapping: { label: 'job', prefill: '.*prefill.*', decode: '.*decode.*' },
  },
  {
    id: 'pod-name',
    name: 'Pod name pattern',
    description: 'Only the pod name tells the role, e.g. deepseek-prefill-7d9f-x2k4q.',
    mapping: { label: 'pod', prefill: '.*-prefill-.*', decode: '.*-decode-.*' },
  },
  {
    id: 'custom',
    name: 'Custom',
    description: 'Any label, with one regular expression per role.',
    mapping: { label: 'role', prefill: 'prefill', decode: 'decode' },
  },
];

export const DEFAULT_ROLE_PRESET: RolePresetId = 'llm-d-label';

export function findPreset(id: string | undefined): RolePreset | undefined {
  return ROLE_PRESETS.find((p) => p.id === id);
}
