/** A synthetic matrix for benchmarks and previews, free of Grafana imports so it bundles small. */
import type { ExpertMatrix } from './matrix';

/** Generates a synthetic matrix (benchmarks and stories): `layers × experts` cells of log-normal-ish load. */
export function syntheticMatrix(layers: number, experts: number, seed = 1): ExpertMatrix {
  let s = seed;
  const random = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const values = new Float64Array(layers * experts);
  const layerTotals = new Float64Array(layers);
  for (let r = 0; r < layers; r++) {
    for (let c = 0; c < experts; c++) {
      const v = Math.round(1000 * Math.exp(random() * 2));
      values[r * experts + c] = v;
      layerTotals[r] += v;
    }
  }
  return {
    layers: Array.from({ length: layers }, (_, i) => String(i)),
    experts: Array.from({ length: experts }, (_, i) => String(i)),
    values,
    layerTotals,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}
