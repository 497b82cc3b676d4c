/** Row: one line per model, each linking to the P/D and Wide EP pages filtered to it. */
import { SIGNALS } from '../../../queries/signals/signals';
import { PanelSpec, RowSpec } from '../../panelSpec';
import { prefixRoute } from '../../../constants';
import type { PageId } from '../../../pages/identity';
import { enginesPerModel, ttftQuantilePerModel } from '../../../queries/overview';
import { gaugeBy, perSecond, requestsPerSecond } from '../../../queries/serving';

/** A link that opens a page filtered to the clicked model, keeping the time range. */
const modelLink = (title: string, route: PageId) => ({
  title,
  url: `${prefixRoute(route)}?var-model=\${__value.raw}&\${__url_time_range}`,
});

const models: PanelSpec = {
  id: 'overview.models',
  title: 'Models',
  description:
    'Per model: engines reporting, requests/s, output tokens/s, TTFT p99 and the fullest KV cache. Click a model to open the ' +
    'Prefill/Decode or Wide EP page filtered to it.',
  viz: 'table',
  width: 24,
  queries: (ctx) => [
    { expr: enginesPerModel(ctx), instant: true, format: 'table', legend: 'engines' },
    { expr: requestsPerSecond(ctx, ['model_name']), instant: true, format: 'table', legend: 'requests/s' },
    { expr: perSecond(ctx, SIGNALS.generationTokens, ['model_name']), instant: true, format: 'table', legend: 'tokens/s' },
    { expr: ttftQuantilePerModel(ctx, 0.99), instant: true, format: 'table', legend: 'TTFT p99' },
    { expr: gaugeBy(ctx, SIGNALS.kvCacheUsage, 'max', ['model_name']), instant: true, format: 'table', legend: 'KV max' },
  ],
  transformations: [
    { id: 'merge', options: {} },
    {
      id: 'organize',
      options: {
        excludeByName: { Time: true },
        renameByName: {
          model_name: 'Model',
          'Value #A': 'Engines',
          'Value #B': 'Requests/s',
          'Value #C': 'Output tokens/s',
          'Value #D': 'TTFT p99',
          'Value #E': 'KV cache (max)',
        },
      },
    },
  ],
  overrides: [
    { match: { byName: 'Model' }, properties: [{ id: 'links', value: [modelLink('Prefill/Decode for this model', 'prefill-decode'), modelLink('Wide EP for this model', 'wide-ep')] }] },
    { match: { byName: 'TTFT p99' }, properties: [{ id: 'unit', value: 's' }] },
    { match: { byName: 'KV cache (max)' }, properties: [{ id: 'unit', value: 'percentunit' }] },
    { match: { byName: 'Requests/s' }, properties: [{ id: 'unit', value: 'reqps' }] },
  ],
};

export const MODELS_ROW: RowSpec = { title: 'Models', panels: [models] };
