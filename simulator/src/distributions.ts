/**
 * Distributions of observed values. A histogram advanced by n observations adds n * cdf(le) to each bucket
 * and n * mean to its sum, so bucket counts, sum and count stay exact and mutually consistent.
 */
export interface Distribution {
  readonly mean: number;
  cdf(x: number): number;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 on erf; error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Log-normal with the given mean (not median) and shape sigma: most latencies and sizes look like this. */
export function logNormal(mean: number, sigma: number): Distribution {
  if (!(mean > 0)) {
    return constant(0);
  }
  const mu = Math.log(mean) - (sigma * sigma) / 2;
  return {
    mean,
    cdf: (x: number) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)),
  };
}

/** Every observation has the same value. */
export function constant(value: number): Distribution {
  return { mean: value, cdf: (x: number) => (x >= value ? 1 : 0) };
}

/** Scales a distribution's values by a factor (bytes -> seconds at a bandwidth, for example). */
export function scaled(base: Distribution, factor: number): Distribution {
  return { mean: base.mean * factor, cdf: (x: number) => base.cdf(x / factor) };
}
