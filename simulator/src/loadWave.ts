/**
 * The load wave: every rate is multiplied by 1 + A sin(2 pi (t - t0) / P). Counters need the integral of
 * that factor over the elapsed interval, which has a closed form, so they stay exact at any scrape cadence.
 */
export class LoadWave {
  constructor(
    readonly amplitude: number,
    readonly period: number,
    readonly origin: number
  ) {}

  at(t: number): number {
    return 1 + this.amplitude * Math.sin((2 * Math.PI * (t - this.origin)) / this.period);
  }

  /** Integral of the factor from a to b (seconds). */
  integral(a: number, b: number): number {
    if (this.amplitude === 0) {
      return b - a;
    }
    const w = (2 * Math.PI) / this.period;
    return b - a + (this.amplitude / w) * (Math.cos(w * (a - this.origin)) - Math.cos(w * (b - this.origin)));
  }
}
