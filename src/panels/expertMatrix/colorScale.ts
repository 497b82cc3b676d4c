/**
 * A sequential, perceptually uniform colour scale (viridis), readable on dark and light themes and by
 * viewers with the common colour-vision deficiencies. Precomputed as a 256-entry lookup table.
 */

/** Viridis at eleven evenly spaced stops (from matplotlib's table). */
const STOPS: Array<[number, number, number]> = [
  [68, 1, 84],
  [72, 35, 116],
  [64, 67, 135],
  [52, 94, 141],
  [41, 120, 142],
  [32, 144, 140],
  [34, 167, 132],
  [68, 190, 112],
  [121, 209, 81],
  [189, 222, 38],
  [253, 231, 37],
];

/** RGB triples, 256 entries × 3 bytes. */
export const VIRIDIS_LUT: Uint8ClampedArray = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (STOPS.length - 1);
    const k = Math.min(Math.floor(t), STOPS.length - 2);
    const f = t - k;
    for (let ch = 0; ch < 3; ch++) {
      lut[i * 3 + ch] = STOPS[k][ch] + (STOPS[k + 1][ch] - STOPS[k][ch]) * f;
    }
  }
  return lut;
})();

/** The lookup index of a value on a linear scale from min to max (0 when the range is empty). */
export function colorIndex(value: number, min: number, max: number): number {
  if (!(max > min)) {
    return 0;
  }
  const t = (value - min) / (max - min);
  return Math.max(0, Math.min(255, Math.round(t * 255)));
}

/** The CSS colour of a value. */
export function colorOf(value: number, min: number, max: number): string {
  const i = colorIndex(value, min, max) * 3;
  return `rgb(${VIRIDIS_LUT[i]}, ${VIRIDIS_LUT[i + 1]}, ${VIRIDIS_LUT[i + 2]})`;
}

/** A CSS gradient of the scale, for the legend. */
export function legendGradient(): string {
  const stops = STOPS.map(([r, g, b], i) => `rgb(${r}, ${g}, ${b}) ${Math.round((i / (STOPS.length - 1)) * 100)}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
