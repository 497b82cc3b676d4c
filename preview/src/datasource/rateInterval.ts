/**
 * Grafana's Prometheus step and $__rate_interval: the step is the larger of the panel's interval, the query's
 * min interval and the scrape interval, capped to 11,000 points; the rate interval is
 * max(step + scrape interval, 4 × scrape interval) so a rate() window always holds enough samples.
 */
const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

export function parseDuration(text: string | undefined): number | undefined {
  if (!text) {
    return undefined;
  }
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)$/.exec(text.trim().replace(/^>/, ''));
  return m ? Number(m[1]) * UNITS[m[2]] : undefined;
}

export function formatSeconds(seconds: number): string {
  if (seconds % 3600 === 0) {
    return `${seconds / 3600}h`;
  }
  if (seconds % 60 === 0) {
    return `${seconds / 60}m`;
  }
  return `${Math.round(seconds)}s`;
}

export const MAX_POINTS = 11000;

export function stepSeconds(
  rangeSeconds: number,
  intervalMs: number,
  minInterval: string | undefined,
  scrapeSeconds: number
): number {
  const candidates = [
    intervalMs / 1000,
    parseDuration(minInterval) ?? 0,
    scrapeSeconds,
    Math.ceil(rangeSeconds / MAX_POINTS),
  ];
  return Math.max(1, Math.ceil(Math.max(...candidates)));
}

export function rateIntervalSeconds(step: number, scrapeSeconds: number): number {
  return Math.max(step + scrapeSeconds, 4 * scrapeSeconds);
}
