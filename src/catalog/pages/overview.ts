/**
 * The Overview page: is the service healthy. Key numbers first, then latency against the SLO targets,
 * throughput and queues, memory, caches, and one line per model that opens the deeper pages.
 */
import { PageSpec } from '../panelSpec';
import { LIKELY_CAUSE_ANNOTATION, LIKELY_CAUSES_ROW } from './overview/causes';
import { KEY_INDICATORS_ROW } from './overview/keyIndicators';
import { LATENCY_ROW } from './overview/latency';
import { MODELS_ROW } from './overview/models';
import { CACHE_ROW, MEMORY_ROW, THROUGHPUT_ROW } from './overview/throughput';
import { pageIdentity } from '../../pages/identity';

export const OVERVIEW_PAGE: PageSpec = {
  ...pageIdentity('overview'),
  subtitle: 'The fleet at a glance: latency against SLOs, throughput, queues, cache and GPUs.',
  filters: ['namespace', 'model', 'role'],
  extraVariables: ['slo'],
  rows: [KEY_INDICATORS_ROW, LATENCY_ROW, THROUGHPUT_ROW, LIKELY_CAUSES_ROW, MEMORY_ROW, CACHE_ROW, MODELS_ROW],
  annotations: [LIKELY_CAUSE_ANNOTATION],
};
