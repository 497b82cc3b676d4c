/**
 * The part of Prometheus' HTTP API the preview forwards: reads only. Grafana's data source proxy forwards
 * anything, but the preview runs beside a developer's Prometheus, which may have admin or lifecycle endpoints
 * (`/-/quit`, `/api/v1/admin/tsdb/delete_series`) a web page could reach through an open proxy.
 */

/** Paths under /api/v1 a panel, variable or the alert list reads (Prometheus' HTTP API documentation). */
const READ_PATHS = [
  /^\/api\/v1\/query$/,
  /^\/api\/v1\/query_range$/,
  /^\/api\/v1\/labels$/,
  /^\/api\/v1\/label\/[^/]+\/values$/,
  /^\/api\/v1\/series$/,
  /^\/api\/v1\/rules$/,
  /^\/api\/v1\/alerts$/,
  /^\/api\/v1\/metadata$/,
  // Grafana's Prometheus data source asks for the version to pick the features it uses.
  /^\/api\/v1\/status\/buildinfo$/,
];

/** Queries go by GET, or by POST as a form when they are long (Grafana's default). */
const READ_METHODS = new Set(['GET', 'POST']);

/** Why the preview will not forward this request, or undefined when it is a read. */
export function refuseProxy(method: string | undefined, path: string): { status: number; message: string } | undefined {
  if (!READ_PATHS.some((p) => p.test(path))) {
    return {
      status: 403,
      message: `The preview forwards only Prometheus' read API (query, query_range, labels, label values, series, rules, alerts, metadata), not ${path}.`,
    };
  }
  if (!READ_METHODS.has(method ?? 'GET')) {
    return { status: 405, message: `The preview forwards GET and POST reads, not ${method}.` };
  }
  return undefined;
}
