/** KV cache usage by role: one panel on the Overview and on the Prefill/Decode page, so both read alike. */
import { SIGNALS } from '../../queries/signals/signals';
import { PanelSpec, Threshold } from '../panelSpec';
import { gaugeByRole } from '../../queries/serving';

/** KV cache usage is fine below 70 %; above 90 % requests are preempted. */
export const KV_CACHE_THRESHOLDS: Threshold[] = [
  { value: null, color: 'green' },
  { value: 0.7, color: 'orange' },
  { value: 0.9, color: 'red' },
];

export function kvCacheByRole(id: string): PanelSpec {
  return {
    id,
    title: 'KV cache usage by role',
    description:
      'KV cache usage per role: the fullest engine and the mean (vllm:kv_cache_usage_perc, or vllm:gpu_cache_usage_perc on older vLLM; a 0..1 fraction). ' +
      'Good: below 70 %. Above 90 % requests are preempted. Decode holds KV for the whole generation and runs fuller; on prefill, ' +
      'blocks held for decode to read also count.',
    viz: 'timeseries',
    unit: 'percentunit',
    min: 0,
    max: 1,
    thresholds: KV_CACHE_THRESHOLDS,
    thresholdsStyle: 'dashed',
    queries: (ctx) => [
      { expr: gaugeByRole(ctx, SIGNALS.kvCacheUsage, 'max'), legend: '{{role}} max' },
      { expr: gaugeByRole(ctx, SIGNALS.kvCacheUsage, 'avg'), legend: '{{role}} mean' },
    ],
  };
}
