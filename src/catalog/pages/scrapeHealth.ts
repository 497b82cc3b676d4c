/**
 * The scrape health page: is monitoring working. Targets per job and role and how fresh they are, the metric
 * families present under which names (the requirement check above the panels says what enables the rest),
 * legacy names in use, and what the per-expert DEBUG metric costs.
 */
import { SIGNALS } from '../../queries/signals/signals';
import { PageSpec, PanelSpec } from '../panelSpec';
import {
  catalogNames,
  downTargets,
  expertDebugSeries,
  secondsSinceLastScrape,
  seriesPerName,
  targetsByJobAndRole,
} from '../../queries/scrapeHealth';
import { noDataText } from '../../queries/signals/requirements';
import { pageIdentity } from '../../pages/identity';

const NO_TARGETS = 'Prometheus reports no targets: check that the data source points at the Prometheus that scrapes the fleet.';

const targets: PanelSpec = {
  id: 'health.targets',
  title: 'Targets up, by job and role',
  description:
    'Targets Prometheus scrapes successfully (up == 1) out of all its targets, per job and per P/D role (from the app\'s role ' +
    'configuration; empty for jobs that are not vLLM engines). Good: Up equals Total everywhere, and both prefill and decode appear.',
  viz: 'table',
  noData: NO_TARGETS,
  queries: (ctx) => [
    { expr: targetsByJobAndRole(ctx.role, 'sum'), instant: true, format: 'table', legend: 'up' },
    { expr: targetsByJobAndRole(ctx.role, 'count'), instant: true, format: 'table', legend: 'total' },
  ],
  transformations: [
    { id: 'merge', options: {} },
    {
      id: 'organize',
      options: {
        excludeByName: { Time: true },
        renameByName: { job: 'Job', role: 'Role', 'Value #A': 'Up', 'Value #B': 'Total' },
      },
    },
  ],
};

const down: PanelSpec = {
  id: 'health.down',
  title: 'Targets down',
  description:
    'Every target whose last scrape failed (up == 0), with its job, pod and instance. Good: empty. A vLLM pod here is missing ' +
    'from every other panel.',
  viz: 'table',
  noData: 'Every target is up.',
  queries: () => [{ expr: downTargets(), instant: true, format: 'table' }],
  transformations: [{ id: 'organize', options: { excludeByName: { Time: true, Value: true, __name__: true } } }],
};

const staleness: PanelSpec = {
  id: 'health.staleness',
  title: 'Seconds since the last successful scrape',
  description:
    'Per job and instance, how long ago Prometheus last scraped the target successfully (looking back 15 minutes, at 15 s ' +
    'resolution). Good: about one scrape interval. Growing values are targets that time out or went away.',
  viz: 'bargauge',
  unit: 's',
  noData: NO_TARGETS,
  thresholds: [
    { value: null, color: 'green' },
    { value: 60, color: 'orange' },
    { value: 300, color: 'red' },
  ],
  queries: () => [{ expr: secondsSinceLastScrape('15m', '15s'), instant: true, legend: '{{job}} {{instance}}' }],
};

const families: PanelSpec = {
  id: 'health.families',
  title: 'Metric families present',
  description:
    'Series per metric name, for every name the app knows: upstream vLLM, SGLang, the llm-d router and dcgm-exporter, older vLLM names, open vLLM pull requests\' and proposals\'. ' +
    'Names missing here are missing from Prometheus; the check above names the engines and router it sees, the source of each Wide EP quantity, and what enables the rest.',
  viz: 'table',
  noData: 'None of the metric names the app reads exist in this Prometheus: are the vLLM pods scraped?',
  queries: () => [{ expr: seriesPerName(catalogNames()), instant: true, format: 'table' }],
  transformations: [
    {
      id: 'organize',
      options: { excludeByName: { Time: true }, renameByName: { metric: 'Metric', Value: 'Series' } },
    },
    { id: 'sortBy', options: { sort: [{ field: 'Metric' }] } },
  ],
};

const legacyNames: PanelSpec = {
  id: 'health.legacy',
  title: 'Legacy names in use',
  description:
    'Metric names only older vLLM releases export (e.g. vllm:gpu_cache_usage_perc). Queries here follow both names; dashboards ' +
    'written for one name break when the fleet upgrades. Good: empty once every engine runs a current vLLM.',
  viz: 'table',
  noData: 'No legacy names: every engine exports current metric names.',
  queries: () => [
    {
      expr: seriesPerName(
        Object.values(SIGNALS).flatMap((s) =>
          s.names.filter((n) => n.status === 'legacy').map((n) => (s.type === 'histogram' ? `${n.name}_count` : n.name))
        )
      ),
      instant: true,
      format: 'table',
    },
  ],
  transformations: [
    { id: 'organize', options: { excludeByName: { Time: true }, renameByName: { metric: 'Legacy metric', Value: 'Series' } } },
  ],
};

const expertSeries: PanelSpec = {
  id: 'health.expertSeries',
  title: 'Per-expert DEBUG series',
  description:
    'Series the per-expert load metric (vllm:expert_load_per_expert_tokens_DEBUG) holds right now: layers × experts per ' +
    'exporting engine, 15,616 for DeepSeek-V3 on one engine. It is meant to be switched on while investigating, and off after.',
  viz: 'stat',
  unit: 'short',
  noData: noDataText('expert-debug'),
  thresholds: [
    { value: null, color: 'green' },
    { value: 10000, color: 'orange' },
    { value: 50000, color: 'red' },
  ],
  queries: () => [{ expr: expertDebugSeries(), instant: true, legend: 'series' }],
};

export const SCRAPE_HEALTH_PAGE: PageSpec = {
  ...pageIdentity('scrape-health'),
  subtitle: 'Is monitoring working: targets, staleness, which engines and router this fleet runs, and which metric families it exports.',
  filters: [],
  rows: [
    { title: 'Targets', panels: [targets, down, staleness] },
    { title: 'Metric families', panels: [families, legacyNames, expertSeries] },
  ],
};
