/**
 * The one door to Grafana's HTTP APIs. Everything in src/api/grafana/ speaks through a GrafanaHttp, so the
 * UI never does HTTP itself and tests can put a fake of Grafana's handlers behind the same door.
 */
import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

/** An answer from Grafana: any HTTP status is returned, never thrown; status 0 means no answer at all. */
export interface HttpResult<T = unknown> {
  status: number;
  data: T;
}

export interface GrafanaHttp {
  request<T = unknown>(method: HttpMethod, url: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult<T>>;
}

/** Grafana's message in an error body (`{"message": ...}`), if it sent one. */
export function messageOf(data: unknown): string | undefined {
  const m = (data as { message?: unknown } | undefined)?.message;
  return typeof m === 'string' && m ? m : undefined;
}

/** getBackendSrv() as a GrafanaHttp: no error toasts (the caller explains), statuses returned as values. */
export function backendSrvHttp(): GrafanaHttp {
  return {
    async request<T>(method: HttpMethod, url: string, data?: unknown, headers?: Record<string, string>) {
      try {
        const res = await lastValueFrom(
          getBackendSrv().fetch<T>({ method, url, data, headers, showErrorAlert: false, showSuccessAlert: false })
        );
        return { status: res.status, data: res.data };
      } catch (err) {
        const e = err as { status?: unknown; data?: unknown; message?: unknown };
        if (typeof e?.status === 'number' && e.status > 0) {
          return { status: e.status, data: e.data as T };
        }
        return { status: 0, data: { message: typeof e?.message === 'string' ? e.message : String(err) } as T };
      }
    },
  };
}
