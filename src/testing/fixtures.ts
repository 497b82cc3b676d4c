import { findPreset } from '../settings/rolePresets';

export const DEFAULT = findPreset('llm-d-label')!.mapping;
export const POD_NAME = findPreset('pod-name')!.mapping;
