/**
 * Profiles: which metric families the simulated fleet exposes, orthogonal to scenarios (which decide what happens).
 * Each family set is transcribed from one upstream source in metrics/upstream/<source>.json; the same simulation
 * drives every profile, so a fault still happens where a profile cannot show it.
 */

export const PROFILE_NAMES = ['vllm', 'vllm-eplb-prs', 'proposed', 'sglang', 'legacy-vllm'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** Family sets of a vLLM pod, named after their metrics/upstream file. */
export type VllmFamilySet = 'vllm' | 'vllm-nixl' | 'vllm-pr-43715' | 'vllm-pr-49956' | 'seeds-proposed';

export interface Profile {
  name: ProfileName;
  summary: string;
  /** What the model-server pods run. */
  engine: 'vllm' | 'vllm-legacy' | 'sglang';
  /** vLLM family sets on the pods (engine 'vllm'). */
  vllmSets: ReadonlySet<VllmFamilySet>;
  /** The router also emits the P/D decision counter of the deprecated pd-profile-handler. */
  routerPdHandler: boolean;
  /** DCGM fields beyond dcgm-exporter's default counters (this project's deploy/dcgm/counters.csv). */
  dcgmExtras: boolean;
  /** dcgm-exporter's host label: `hostname` since #655 (2026-05), `Hostname` before. */
  dcgmHostnameLabel: 'Hostname' | 'hostname';
}

const UPSTREAM: VllmFamilySet[] = ['vllm', 'vllm-nixl'];

export const PROFILES: Profile[] = [
  {
    name: 'vllm',
    summary: 'current upstream vLLM (NIXL, MTP), llm-d router and dcgm-exporter: their families and nothing else',
    engine: 'vllm',
    vllmSets: new Set(UPSTREAM),
    routerPdHandler: false,
    dcgmExtras: false,
    dcgmHostnameLabel: 'hostname',
  },
  {
    name: 'vllm-eplb-prs',
    summary: 'vllm plus the families of the open vLLM EPLB PRs #43715 and #49956',
    engine: 'vllm',
    vllmSets: new Set<VllmFamilySet>([...UPSTREAM, 'vllm-pr-43715', 'vllm-pr-49956']),
    routerPdHandler: false,
    dcgmExtras: false,
    dcgmHostnameLabel: 'hostname',
  },
  {
    name: 'proposed',
    summary: 'vllm plus the seeds\' proposed EPLB, DBO, batch and NIXL-token families (the default)',
    engine: 'vllm',
    vllmSets: new Set<VllmFamilySet>([...UPSTREAM, 'seeds-proposed']),
    routerPdHandler: true,
    dcgmExtras: true,
    dcgmHostnameLabel: 'Hostname',
  },
  {
    name: 'sglang',
    summary: 'SGLang prefill and decode engines (P/D, EPLB) with the llm-d router and dcgm-exporter',
    engine: 'sglang',
    vllmSets: new Set(),
    routerPdHandler: false,
    dcgmExtras: false,
    dcgmHostnameLabel: 'hostname',
  },
  {
    name: 'legacy-vllm',
    summary: 'an older vLLM (~0.9): legacy names only, no by-source, NIXL or proposed families',
    engine: 'vllm-legacy',
    vllmSets: new Set(),
    routerPdHandler: true,
    dcgmExtras: true,
    dcgmHostnameLabel: 'Hostname',
  },
];

export const DEFAULT_PROFILE: ProfileName = 'proposed';

export function findProfile(name: string): Profile | undefined {
  return PROFILES.find((p) => p.name === name);
}
