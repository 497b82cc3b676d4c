/**
 * One query against one store, measured as that store reports it:
 * - Prometheus: `stats=all` gives the evaluation time (`timings.evalTotalTime`) and the samples it touched
 *   (`samples.totalQueryableSamples`).
 * - VictoriaMetrics 1.79 has no `stats`; `trace=1` returns its query trace, whose "fetch unique series=…,
 *   blocks=…, samples=…" lines count the samples read from storage for each selector (summed here), and whose root
 *   duration is the time spent answering (VictoriaMetrics app/vmselect/querytracer, as served by 1.79).
 * Points are the values returned: one per instant series, every step of every range series.
 */
export type StoreKind = 'prometheus' | 'victoria';

export interface Measured {
  evalSeconds: number;
  samples: number;
  points: number;
  series: number;
  error?: string;
}

export interface QueryWindow {
  start: number;
  end: number;
  step: number;
}

export async function measure(
  kind: StoreKind,
  url: string,
  expr: string,
  instant: boolean,
  w: QueryWindow
): Promise<Measured> {
  const params = new URLSearchParams({ query: expr });
  params.set(kind === 'prometheus' ? 'stats' : 'trace', kind === 'prometheus' ? 'all' : '1');
  if (instant) {
    params.set('time', String(w.end));
  } else {
    params.set('start', String(w.start));
    params.set('end', String(w.end));
    params.set('step', String(w.step));
  }
  const path = instant ? '/api/v1/query' : '/api/v1/query_range';
  const started = Date.now();
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
  });
  const wall = (Date.now() - started) / 1000;
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return { evalSeconds: wall, samples: 0, points: 0, series: 0, error: `HTTP ${res.status}: ${text.slice(0, 200)}` };
  }
  if (body.status !== 'success') {
    return { evalSeconds: wall, samples: 0, points: 0, series: 0, error: String(body.error).slice(0, 200) };
  }
  const result = body.data.result;
  const series = body.data.resultType === 'scalar' ? 1 : result.length;
  const points =
    body.data.resultType === 'matrix'
      ? result.reduce((n: number, r: { values: unknown[] }) => n + r.values.length, 0)
      : series;
  if (kind === 'prometheus') {
    return {
      evalSeconds: body.data.stats?.timings?.evalTotalTime ?? wall,
      samples: body.data.stats?.samples?.totalQueryableSamples ?? 0,
      points,
      series,
    };
  }
  return {
    evalSeconds: (body.trace?.duration_msec ?? wall * 1000) / 1000,
    samples: traceSamples(body.trace),
    points,
    series,
  };
}

interface Trace {
  message?: string;
  children?: Trace[];
}

/** Samples VictoriaMetrics read from storage: the sum over its "fetch unique series=…, samples=N" trace lines. */
export function traceSamples(trace: Trace | undefined): number {
  if (!trace) {
    return 0;
  }
  const own = /^fetch unique series=\d+, blocks=\d+, samples=(\d+)/.exec(trace.message ?? '');
  return (own ? Number(own[1]) : 0) + (trace.children ?? []).reduce((n, c) => n + traceSamples(c), 0);
}
