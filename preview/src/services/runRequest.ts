/** Grafana's runRequest, reduced to what panels need: loading → done with frames, or an error state. */
import { Observable, from, of } from 'rxjs';
import { catchError, map, startWith } from 'rxjs/operators';
import { DataQueryRequest, DataSourceApi, LoadingState, PanelData } from '@grafana/data';

export function runRequest(ds: DataSourceApi, request: DataQueryRequest): Observable<PanelData> {
  const base = { timeRange: request.range, request, series: [] };
  const result = ds.query(request);
  const stream = result instanceof Observable ? result : from(result);
  return stream.pipe(
    map((response) => ({
      ...base,
      state: response.error ? LoadingState.Error : LoadingState.Done,
      series: response.data,
      errors: response.errors ?? (response.error ? [response.error] : undefined),
    })),
    catchError((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      return of({ ...base, state: LoadingState.Error, error: { message }, errors: [{ message }] });
    }),
    startWith({ ...base, state: LoadingState.Loading })
  );
}
