/**
 * promtool tests of recorded mode's rules (./recording.ts RECORDED_QUERIES and the info series): one EP group of
 * four decode engines, shaped like the simulator's pods, with values chosen so every recorded statistic is a
 * number the test can state exactly (rates of 4, 4, 12 and 12 tokens/s: mean 8, max / mean 1.5, CV 0.5).
 */
import { RoleMapping } from '../settings/rolePresets';
import { SIGNALS } from '../queries/signals/signals';
import { rulesInfoLabels, RULES_INFO_METRIC, RECORDING_WINDOW } from '../queries/recorded';
import {
  BALANCEDNESS_MEAN_RECORDED,
  BALANCEDNESS_PER_LAYER,
  BALANCEDNESS_WORST_RECORDED,
  DBO_ENGAGED_SHARE,
  DBO_FALLOUT_BY_REASON,
  EXPERT_LOAD_MATRIX,
  expertShareOfLayer,
  GENERATION_PER_RANK,
  RANK_CV,
  RANK_MAX_OVER_MEAN,
} from '../queries/wideep';
import { FLEET_ERROR_RATIO, FLEET_REQUESTS, fleetQuantile } from '../queries/serving';
import {
  BATCH_SHARES_RECORDED,
  DECODE_INTERLEAVED_BASELINE_RECORDED,
  INTERLEAVED_SHARE_RECORDED,
  DECODE_COMPUTED_BASELINE_RECORDED,
  DECODE_COMPUTED_PER_POD_RECORDED,
  DECODE_COMPUTED_PER_REQUEST_RECORDED,
  DECODE_KV_TRANSFER_SHARE_RECORDED,
  DECODE_RECOMPUTE_EXCESS_RECORDED,
  NAIVE_PROMPT_THROUGHPUT_RECORDED,
  NIXL_DISTRIBUTIONS,
  PROMPT_TOKENS_BY_SOURCE_RECORDED,
  TRUE_PREFILL_THROUGHPUT_RECORDED,
  TTFT_DECOMPOSITION,
} from '../queries/pd';
import { counter, engineLabels, FIXTURE_MODEL, gauge, histogramAt, Labels, perMinute } from '../catalog/rules/fixtures';
import { InputSeries } from '../catalog/rules/types';

const name = (s: { names: Array<{ name: string }> }) => s.names[0].name;

const printLabels = (labels: Labels) =>
  `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(', ')}}`;

const sample = (record: string, labels: Labels, value: number) => ({ labels: `${record}${printLabels(labels)}`, value });

const PROMPT_SOURCES = { external_kv_transfer: 960, local_compute: 30, local_cache_hit: 10 };

export function recordedPromtoolTests(mapping: RoleMapping) {
  const engines = [0, 1, 2, 3].map((n) => engineLabels(mapping, 'decode', n));
  const tokensPerSecond = [4, 4, 12, 12];
  const group = { model_name: FIXTURE_MODEL, role: 'decode' };
  const input: InputSeries[] = [
    ...engines.map((l, i) => counter(name(SIGNALS.generationTokens), l, perMinute(tokensPerSecond[i]))),
    // Per-layer balancedness: engine 1 lags on layer 1 (0.5) while the others report 1.0.
    ...engines.flatMap((l, i) => [
      gauge(name(SIGNALS.eplbBalancedness), { ...l, layer: '0' }, 1),
      gauge(name(SIGNALS.eplbBalancedness), { ...l, layer: '1' }, i === 1 ? 0.5 : 1),
    ]),
    // Expert load of layer 0 on two engines: expert 0 carries three times expert 1.
    ...engines.slice(0, 2).flatMap((l) => [
      gauge(name(SIGNALS.expertLoad), { ...l, layer: '0', expert_id: '0' }, 30),
      gauge(name(SIGNALS.expertLoad), { ...l, layer: '0', expert_id: '1' }, 10),
    ]),
    // DBO: 3 two-micro-batch steps and 1 fallout per second.
    counter(`${name(SIGNALS.ubatchTokens)}_count`, { ...engines[0], ubatch_index: 'second' }, perMinute(3)),
    counter(name(SIGNALS.dboFallout), { ...engines[0], reason: 'empty_second_ubatch' }, perMinute(1)),
    // TTFT on two engines, every request in the (0.1, 0.5] s bucket: the quantiles interpolate inside it.
    ...engines.slice(0, 2).flatMap((l) => histogramAt(name(SIGNALS.ttft), l, [0.1, 0.5, 1], 0.3)),
    // The TTFT decomposition on the same engines: queue 0.05 s, prefill 0.1 s and one 0.05 s NIXL transfer per
    // request, so 0.1 s of the 0.3 s remains.
    ...engines.slice(0, 2).flatMap((l) => [
      ...histogramAt(name(SIGNALS.queueTime), l, [0.1, 1], 0.05),
      ...histogramAt(name(SIGNALS.prefillTime), l, [0.5, 1], 0.1),
      ...histogramAt(name(SIGNALS.nixlXferTime), l, [0.1, 1], 0.05),
    ]),
    // NIXL transfers of engine 0: 10 per second, each 2 KiB in 32 descriptors.
    ...histogramAt(name(SIGNALS.nixlBytes), engines[0], [1024, 4096], 2048),
    ...histogramAt(name(SIGNALS.nixlDescriptors), engines[0], [8, 64], 32),
    // Finished requests: 9 per second stopped, 1 aborted.
    counter(name(SIGNALS.requestSuccess), { ...engines[0], finished_reason: 'stop' }, perMinute(9)),
    counter(name(SIGNALS.requestSuccess), { ...engines[0], finished_reason: 'abort' }, perMinute(1)),
    // Engine steps of engine 0: 1 prefill-only, 2 decode-only and 1 interleaved per second.
    counter(name(SIGNALS.batchPrefill), engines[0], perMinute(1)),
    counter(name(SIGNALS.batchDecode), engines[0], perMinute(2)),
    counter(name(SIGNALS.batchInterleaved), engines[0], perMinute(1)),
    // Prompt tokens of engine 0 by source: 960 transferred, 30 computed, 10 cache hits per second. Its 10
    // requests per second counted 990 prompt tokens: the sources add one per request (promptTokens.ts).
    ...Object.entries(PROMPT_SOURCES).map(([source, v]) => counter(name(SIGNALS.promptTokensBySource), { ...engines[0], source }, perMinute(v))),
    counter(name(SIGNALS.promptTokens), engines[0], perMinute(990)),
  ];
  const at = (expr: string, exp: Array<{ labels: string; value: number }>) => ({ expr, eval_time: '10m', exp_samples: exp });
  const model = { model_name: FIXTURE_MODEL };
  return {
    tests: [
      {
        name: `recorded mode: the info series and the Wide EP records over one ${RECORDING_WINDOW} window`,
        interval: '1m',
        input_series: input,
        promql_expr_test: [
          at(RULES_INFO_METRIC, [sample(RULES_INFO_METRIC, rulesInfoLabels(mapping, RECORDING_WINDOW), 1)]),
          at(
            GENERATION_PER_RANK.record,
            engines.map((l, i) => sample(GENERATION_PER_RANK.record, { ...model, engine: l.engine }, tokensPerSecond[i]))
          ),
          // Ratios of aggregates come out a last bit off (promtool compares exactly): compared in thousandths.
          at(`round(${RANK_MAX_OVER_MEAN.record} * 1000)`, [sample('', group, 1500)]),
          at(`round(${RANK_CV.record} * 1000)`, [sample('', group, 500)]),
          at(BALANCEDNESS_PER_LAYER.record, [
            sample(BALANCEDNESS_PER_LAYER.record, { ...group, layer: '0' }, 1),
            sample(BALANCEDNESS_PER_LAYER.record, { ...group, layer: '1' }, 0.5),
          ]),
          at(BALANCEDNESS_WORST_RECORDED.record, [sample(BALANCEDNESS_WORST_RECORDED.record, group, 0.5)]),
          at(BALANCEDNESS_MEAN_RECORDED.record, [sample(BALANCEDNESS_MEAN_RECORDED.record, group, 0.75)]),
          at(EXPERT_LOAD_MATRIX.record, [
            sample(EXPERT_LOAD_MATRIX.record, { ...model, layer: '0', expert_id: '0' }, 60),
            sample(EXPERT_LOAD_MATRIX.record, { ...model, layer: '0', expert_id: '1' }, 20),
          ]),
          at(expertShareOfLayer(10).record, [
            sample(expertShareOfLayer(10).record, { ...model, layer: '0', expert_id: '0' }, 0.75),
            sample(expertShareOfLayer(10).record, { ...model, layer: '0', expert_id: '1' }, 0.25),
          ]),
          at(DBO_ENGAGED_SHARE.record, [sample(DBO_ENGAGED_SHARE.record, model, 0.75)]),
          ...[0.5, 0.9, 0.99].map((q) => at(`round(${fleetQuantile(SIGNALS.ttft, q).record} * 1000)`, [sample('', {}, 100 + 400 * q)])),
          ...NIXL_DISTRIBUTIONS.map((d, i) =>
            at(
              d.record,
              [[1024, 4096], [8, 64]][i].map(String).concat('+Inf').map((le, j) => sample(d.record, { le }, j === 0 ? 0 : 10))
            )
          ),
          // Queue, prefill, transfer per first token, remainder: in milliseconds.
          ...TTFT_DECOMPOSITION.map((d, i) => at(`round(${d.record} * 1000)`, [sample('', { role: 'decode' }, [50, 100, 50, 100][i])])),
          at(DBO_FALLOUT_BY_REASON.record, [sample(DBO_FALLOUT_BY_REASON.record, { ...model, reason: 'empty_second_ubatch' }, 1)]),
          at(`round(${FLEET_ERROR_RATIO.record} * 1000)`, [sample('', {}, 100)]),
          at(FLEET_REQUESTS.record, [sample(FLEET_REQUESTS.record, {}, 10)]),
          at(
            `round(${BATCH_SHARES_RECORDED.record} * 1000)`,
            ([['prefill', 250], ['decode', 500], ['interleaved', 250]] as const).map(([batch, v]) => sample('', { role: 'decode', batch }, v))
          ),
          at(`round(${INTERLEAVED_SHARE_RECORDED.record} * 1000)`, [sample('', { role: 'decode' }, 250)]),
          // 10 finished requests per second over 4 decode steps per second.
          at(`round(${DECODE_INTERLEAVED_BASELINE_RECORDED.record} * 1000)`, [sample('', {}, 2500)]),
          // Rates of large counters come out a last bit off too: compared rounded.
          at(
            `round(${PROMPT_TOKENS_BY_SOURCE_RECORDED.record})`,
            Object.entries(PROMPT_SOURCES).map(([source, v]) => sample('', { role: 'decode', source }, v))
          ),
          // 960 of 1000 prompt tokens per second arrived by KV transfer.
          at(`round(${DECODE_KV_TRANSFER_SHARE_RECORDED.record} * 1000)`, [sample('', { role: 'decode' }, 960)]),
          // 30 computed prompt tokens over 10 requests per second: 3 per request, 2 above the expected one.
          at(`round(${DECODE_COMPUTED_PER_REQUEST_RECORDED.record} * 1000)`, [sample('', {}, 3000)]),
          at(`round(${DECODE_COMPUTED_PER_POD_RECORDED.record} * 1000)`, [sample('', { pod: engines[0].pod }, 3000)]),
          at(`round(${DECODE_RECOMPUTE_EXCESS_RECORDED.record} * 1000)`, [sample('', {}, 2000)]),
          at(DECODE_COMPUTED_BASELINE_RECORDED.record, [sample(DECODE_COMPUTED_BASELINE_RECORDED.record, {}, 1)]),
          at(`round(${TRUE_PREFILL_THROUGHPUT_RECORDED.record})`, [sample('', { role: 'decode' }, 30)]),
          at(`round(${NAIVE_PROMPT_THROUGHPUT_RECORDED.record})`, [sample('', { role: 'decode' }, 990)]),
        ],
      },
    ],
  };
}
