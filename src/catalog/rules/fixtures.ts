/**
 * Input series for the promtool unit tests, shaped like the simulator's pods: engines labelled `model_name`,
 * `engine`, `namespace`, `pod` and the role label of the mapping; DCGM GPUs without honorLabels (`exported_pod`).
 * Samples are one minute apart; counters grow by a per-minute amount, gauges hold a value.
 */
import { RoleMapping } from '../../settings/rolePresets';
import { AlertTest, InputSeries } from './types';

export const FIXTURE_NAMESPACE = 'llm-d';
export const FIXTURE_MODEL = 'test-model';
/** Samples per series: enough for the longest `for` plus a window. */
export const FIXTURE_SAMPLES = 90;

export type Labels = Record<string, string>;
export type FixtureRole = 'prefill' | 'decode';

/** The role label value a mapping's regex accepts (the llm-d label carries the role name itself). */
function roleValue(mapping: RoleMapping, role: FixtureRole): string {
  return new RegExp(`^(?:${mapping[role]})$`).test(role) ? role : `test-${role}-0`;
}

/** Labels of one vLLM engine of the given role (engine = its data-parallel rank). */
export function engineLabels(mapping: RoleMapping, role: FixtureRole, engine = 0): Labels {
  const pod = `${FIXTURE_MODEL}-${role}-${Math.floor(engine / 2)}`;
  const labels: Labels = { namespace: FIXTURE_NAMESPACE, model_name: FIXTURE_MODEL, pod, engine: String(engine) };
  labels[mapping.label] = mapping.label === 'pod' ? pod : roleValue(mapping, role);
  return labels;
}

/** Labels of one GPU as dcgm-exporter reports it with the Helm chart's defaults. */
export function gpuLabels(gpu = 0, pod = `${FIXTURE_MODEL}-decode-0`): Labels {
  return { gpu: String(gpu), Hostname: 'gpu-node-1', exported_pod: pod, exported_namespace: FIXTURE_NAMESPACE };
}

function printLabels(labels: Labels): string {
  const body = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(', ');
  return `{${body}}`;
}

export function series(metric: string, labels: Labels, values: string): InputSeries {
  return { series: `${metric}${printLabels(labels)}`, values };
}

/** A counter growing by `perMinute` each sample. */
export function counter(metric: string, labels: Labels, perMinute: number): InputSeries {
  return series(metric, labels, `0+${perMinute}x${FIXTURE_SAMPLES}`);
}

/** A gauge holding `value`. */
export function gauge(metric: string, labels: Labels, value: number): InputSeries {
  return series(metric, labels, `${value}x${FIXTURE_SAMPLES}`);
}

/**
 * A histogram whose observations arrive at `perMinute` per sample, all of them at or below each bucket bound as
 * given (cumulative counts per minute, `+Inf` = all). `_sum` grows by `meanSeconds` per observation.
 */
export function histogram(metric: string, labels: Labels, cumulative: Record<string, number>, mean: number): InputSeries[] {
  const total = cumulative['+Inf'];
  return [
    ...Object.entries(cumulative).map(([le, n]) => counter(`${metric}_bucket`, { ...labels, le }, n)),
    counter(`${metric}_count`, labels, total),
    counter(`${metric}_sum`, labels, total * mean),
  ];
}

/** Histogram observations all at `value` (within the bucket whose bound is `bound`), others below. */
export function histogramAt(metric: string, labels: Labels, bounds: number[], value: number, perMinute = 600): InputSeries[] {
  const cumulative: Record<string, number> = {};
  for (const b of bounds) {
    cumulative[String(b)] = b >= value ? perMinute : 0;
  }
  cumulative['+Inf'] = perMinute;
  return histogram(metric, labels, cumulative, value);
}

/**
 * Fixture values on either side of a threshold, so the promtool tests follow the values file: `over` fires an
 * "above" alert (halfway to 1 for fractions, 1.5 times otherwise), `under` is half the threshold.
 */
export function over(threshold: number, fraction = false): number {
  if (fraction && threshold < 1) {
    return (threshold + 1) / 2;
  }
  return threshold > 0 ? threshold * 1.5 : 1;
}

export const under = (threshold: number): number => threshold / 2;

/** Bucket bounds around a threshold: the p99 of observations in (t, 2t] is above t, of those in (t/4, t/2] below. */
export function boundsAround(threshold: number): number[] {
  return [threshold / 4, threshold / 2, threshold, threshold * 2, threshold * 4];
}

/** A histogram whose quantiles all sit above (`over`) or below (`under`) the threshold. */
export function histogramAcross(
  metric: string,
  labels: Labels,
  threshold: number,
  side: 'over' | 'under',
  perMinute = 600
): InputSeries[] {
  return histogramAt(metric, labels, boundsAround(threshold), side === 'over' ? threshold * 1.5 : threshold * 0.4, perMinute);
}

/** Counter growth per minute for a rate of `perSecond`. */
export const perMinute = (perSecond: number): number => perSecond * 60;

/** The test of an "above" alert on one gauge: `over` the threshold fires, `under` it stays silent. */
export function gaugeAcrossTest(metric: string, labels: Labels, threshold: number, alertLabels: Labels, fraction = false): AlertTest {
  return {
    firing: [gauge(metric, labels, over(threshold, fraction))],
    silent: [gauge(metric, labels, under(threshold))],
    labels: alertLabels,
  };
}

/** The test of an "above" alert on a histogram's quantile: every quantile over the threshold fires, under it stays silent. */
export function histogramAcrossTest(metric: string, labels: Labels, threshold: number, alertLabels: Labels, perMinute = 600): AlertTest {
  return {
    firing: histogramAcross(metric, labels, threshold, 'over', perMinute),
    silent: histogramAcross(metric, labels, threshold, 'under', perMinute),
    labels: alertLabels,
  };
}
