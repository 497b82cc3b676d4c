/** getBackendSrv() for the preview: plain fetch against the preview server, Grafana's error shape on failure. */
import { Observable, from, lastValueFrom } from 'rxjs';
import { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';

async function send<T>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
  const params = options.params ? `?${new URLSearchParams(options.params as Record<string, string>)}` : '';
  const isJsonBody =
    options.data !== undefined && !(options.data instanceof FormData) && typeof options.data !== 'string';
  const res = await fetch(`${options.url}${params}`, {
    method: options.method ?? 'GET',
    headers: isJsonBody ? { 'content-type': 'application/json', ...(options.headers ?? {}) } : options.headers,
    body: isJsonBody ? JSON.stringify(options.data) : (options.data as BodyInit | undefined),
  });
  const text = await res.text();
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON; keep the text
  }
  const response = {
    data: data as T,
    status: res.status,
    statusText: res.statusText,
    ok: res.ok,
    headers: res.headers,
    redirected: res.redirected,
    type: res.type,
    url: res.url,
    config: options,
  };
  if (!res.ok) {
    const error: FetchError = {
      status: res.status,
      statusText: res.statusText,
      data: (typeof data === 'object' && data ? data : { message: String(text) }) as FetchError['data'],
      config: options,
    };
    throw error;
  }
  return response;
}

export const previewBackendSrv = {
  fetch: <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> => from(send<T>(options)),
  get: async <T>(url: string, params?: Record<string, unknown>) => (await send<T>({ url, params, method: 'GET' })).data,
  delete: async <T>(url: string, data?: unknown) => (await send<T>({ url, data, method: 'DELETE' })).data,
  post: async <T>(url: string, data?: unknown) => (await send<T>({ url, data, method: 'POST' })).data,
  put: async <T>(url: string, data?: unknown) => (await send<T>({ url, data, method: 'PUT' })).data,
  patch: async <T>(url: string, data?: unknown) => (await send<T>({ url, data, method: 'PATCH' })).data,
  request: async <T>(options: BackendSrvRequest) => (await send<T>(options)).data,
  datasourceRequest: <T>(options: BackendSrvRequest) => lastValueFrom(from(send<T>(options))),
  chunked: () => {
    throw new Error('Streaming requests are not supported by the preview host');
  },
} as unknown as BackendSrv;
