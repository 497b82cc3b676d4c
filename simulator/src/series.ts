/**
 * Series state and the prom-client collectors that expose it.
 *
 * A counter or histogram moves by "load": the integral of the load factor over the elapsed wall-clock time
 * (plus a constant per-second part for counters such as energy). Series objects are created once, when the
 * topology is built; a scrape only copies their numbers into prebuilt exposition rows.
 */
import { Distribution } from './distributions';

export type Labels = Record<string, string>;

export class CounterSeries {
  value = 0;
  /** Increase per unit of integrated load (per second at load 1). */
  perLoad = 0;
  /** Increase per second regardless of load. */
  perSecond = 0;

  advance(seconds: number, load: number): void {
    this.value += this.perLoad * load + this.perSecond * seconds;
  }

  reset(): void {
    this.value = 0;
  }
}

export class GaugeSeries {
  value = 0;
}

export class HistogramSeries {
  readonly buckets: Float64Array;
  private readonly fractions: Float64Array;
  private mean = 0;
  sum = 0;
  count = 0;
  /** Observations per unit of integrated load. */
  perLoad = 0;

  constructor(readonly bounds: readonly number[]) {
    this.buckets = new Float64Array(bounds.length);
    this.fractions = new Float64Array(bounds.length);
  }

  /** Sets the distribution of future observations. */
  setDistribution(distribution: Distribution): void {
    this.mean = distribution.mean;
    for (let i = 0; i < this.bounds.length; i++) {
      this.fractions[i] = distribution.cdf(this.bounds[i]);
    }
  }

  advance(load: number): void {
    this.observeMany(this.perLoad * load);
  }

  /** Adds n observations spread as the current distribution (buckets stay cumulative). */
  observeMany(n: number): void {
    if (n <= 0) {
      return;
    }
    for (let i = 0; i < this.buckets.length; i++) {
      this.buckets[i] += n * this.fractions[i];
    }
    this.sum += n * this.mean;
    this.count += n;
  }

  /** One observation of an exact value. */
  observe(value: number): void {
    for (let i = 0; i < this.bounds.length; i++) {
      if (value <= this.bounds[i]) {
        this.buckets[i] += 1;
      }
    }
    this.sum += value;
    this.count += 1;
  }

  reset(): void {
    this.buckets.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';
type Series = CounterSeries | GaugeSeries | HistogramSeries;

/** Counters and histograms that move together (one engine's, one pool's, one pod's). */
export interface SeriesGroup {
  readonly counters: CounterSeries[];
  readonly histograms: HistogramSeries[];
}

export function advanceGroup(group: SeriesGroup, seconds: number, load: number): void {
  group.counters.forEach((c) => c.advance(seconds, load));
  group.histograms.forEach((h) => h.advance(load));
}

export function resetGroup(group: SeriesGroup): void {
  group.counters.forEach((c) => c.reset());
  group.histograms.forEach((h) => h.reset());
}

/** A group whose counters and histograms are declared as fields (`readonly x = this.counter()`): each is kept in its list. */
export class SeriesSet implements SeriesGroup {
  readonly counters: CounterSeries[] = [];
  readonly histograms: HistogramSeries[] = [];

  protected counter(): CounterSeries {
    const c = new CounterSeries();
    this.counters.push(c);
    return c;
  }

  protected histogram(bounds: readonly number[]): HistogramSeries {
    const h = new HistogramSeries(bounds);
    this.histograms.push(h);
    return h;
  }

  advance(seconds: number, load: number): void {
    advanceGroup(this, seconds, load);
  }

  reset(): void {
    resetGroup(this);
  }
}

interface Row {
  metricName: string;
  labels: Labels;
  value: number;
}

/** How `le` is printed: Python's prometheus_client writes 1.0, Go's client writes 1. */
export type LeStyle = 'python' | 'go';

export function formatLe(bound: number, style: LeStyle): string {
  if (style === 'go') {
    return String(bound);
  }
  return Number.isInteger(bound) ? `${bound}.0` : String(bound);
}

/**
 * One metric family, registered in a prom-client Registry as a custom collector (prom-client formats it).
 * `enabled` lets a family stay registered while it has no samples, as a labelled Python metric does.
 */
export class Family {
  private readonly rows: Row[] = [];
  private readonly sources: Series[] = [];
  enabled: () => boolean = () => true;

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: MetricType,
    private readonly leStyle: LeStyle = 'python'
  ) {}

  add(labels: Labels, series: Series): this {
    this.sources.push(series);
    if (series instanceof HistogramSeries && this.type === 'summary') {
      // A Python Summary without quantiles: only _sum and _count.
      this.rows.push({ metricName: `${this.name}_sum`, labels, value: 0 });
      this.rows.push({ metricName: `${this.name}_count`, labels, value: 0 });
    } else if (series instanceof HistogramSeries) {
      for (const bound of series.bounds) {
        this.rows.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: formatLe(bound, this.leStyle) }, value: 0 });
      }
      this.rows.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: 0 });
      this.rows.push({ metricName: `${this.name}_sum`, labels, value: 0 });
      this.rows.push({ metricName: `${this.name}_count`, labels, value: 0 });
    } else {
      this.rows.push({ metricName: this.name, labels, value: 0 });
    }
    return this;
  }

  get size(): number {
    return this.rows.length;
  }

  /** prom-client's collector interface. */
  get(): { name: string; help: string; type: MetricType; values: Row[]; aggregator: 'sum' } {
    if (!this.enabled()) {
      return { name: this.name, help: this.help, type: this.type, values: [], aggregator: 'sum' };
    }
    let r = 0;
    for (const series of this.sources) {
      if (series instanceof HistogramSeries && this.type === 'summary') {
        this.rows[r++].value = round(series.sum);
        this.rows[r++].value = round(series.count);
      } else if (series instanceof HistogramSeries) {
        for (let i = 0; i < series.buckets.length; i++) {
          this.rows[r++].value = round(series.buckets[i]);
        }
        this.rows[r++].value = round(series.count);
        this.rows[r++].value = round(series.sum);
        this.rows[r++].value = round(series.count);
      } else {
        this.rows[r++].value = round(series.value);
      }
    }
    return { name: this.name, help: this.help, type: this.type, values: this.rows, aggregator: 'sum' };
  }
}

/** Six significant decimals keep the text short without costing PromQL any precision that matters. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
