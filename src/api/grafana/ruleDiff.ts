/**
 * Does the rule Grafana holds differ from the one the app would install? Grafana answers GET
 * /api/v1/provisioning/alert-rules/{uid} with the stored rule, which carries fields the app never sets (id,
 * updated, provenance, defaults inside query models), so only the fields the app sends are compared, and
 * durations by their length ("1h" equals "60m").
 */
import { GrafanaApiRule } from '../../generation/grafanaFormat';

/** Fields of the body that are not the rule's content: Grafana sets the org from the signed-in user. */
const IGNORED = new Set(['orgID']);

const UNIT_MS: Record<string, number> = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3, y: 365 * 86400e3 };

/** Milliseconds of a Prometheus-style duration ("5m", "1h30m", "0s"); NaN when it is not one. */
export function durationMs(d: unknown): number {
  if (typeof d !== 'string' || !/^(\d+(ms|s|m|h|d|w|y))+$/.test(d)) {
    return NaN;
  }
  let total = 0;
  for (const [, n, unit] of d.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) {
    total += parseInt(n, 10) * UNIT_MS[unit];
  }
  return total;
}

function subsetDiff(wanted: unknown, actual: unknown, path: string, out: string[]): void {
  if (Array.isArray(wanted)) {
    if (!Array.isArray(actual) || actual.length !== wanted.length) {
      out.push(path);
      return;
    }
    wanted.forEach((w, i) => subsetDiff(w, actual[i], `${path}[${i}]`, out));
    return;
  }
  if (wanted !== null && typeof wanted === 'object') {
    if (actual === null || typeof actual !== 'object') {
      out.push(path);
      return;
    }
    for (const [key, w] of Object.entries(wanted)) {
      subsetDiff(w, (actual as Record<string, unknown>)[key], path ? `${path}.${key}` : key, out);
    }
    return;
  }
  if (wanted !== actual) {
    out.push(path);
  }
}

/** Paths of the fields that differ (empty when Grafana holds the rule the app would install). */
export function ruleDifferences(wanted: GrafanaApiRule, existing: unknown): string[] {
  const out: string[] = [];
  const stored = (existing ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(wanted)) {
    if (IGNORED.has(key)) {
      continue;
    }
    if (key === 'for') {
      if (durationMs(value) !== durationMs(stored.for)) {
        out.push('for');
      }
      continue;
    }
    if (key === 'labels' || key === 'annotations') {
      // A label or annotation removed from the template must go too: compare both ways.
      const a = (stored[key] ?? {}) as Record<string, string>;
      const w = value as Record<string, string>;
      const keys = new Set([...Object.keys(a), ...Object.keys(w)]);
      for (const k of keys) {
        if (a[k] !== w[k]) {
          out.push(`${key}.${k}`);
        }
      }
      continue;
    }
    subsetDiff(value, stored[key], key, out);
  }
  return out;
}
