/**
 * The parts of the fleet-scale benchmark (bench/scale) whose mistakes would silently change its figures: the
 * rendered history is what real promtool accepts, with the labels the shared scrape config gives; a query is
 * rewritten to a recorded series only where a rule computes it; VictoriaMetrics' trace is counted as it nests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redundantExperts, simArgs } from '../../bench/scale/fleet';
import { relabel, renderHistory } from '../../bench/scale/history';
import { traceSamples } from '../../bench/scale/measure';
import { grafanaMacros, recordingRules, toRecorded } from '../../bench/scale/queries';
import { PROMTOOL_BIN } from '../../bench/scale/stores';

describe('bench/scale history', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'bench-scale-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders scrapes at past timestamps that real promtool turns into one block of every series', async () => {
    const file = join(dir, 'h.om');
    const end = 1_700_000_000;
    const summary = await renderHistory({
      simArgs: ['--scenario', 'steady-wideep'],
      start: end - 30,
      end,
      scrapeSeconds: 15,
      file,
    });
    expect(summary.scrapes).toBe(3);
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('# EOF\n')).toBe(true);
    // Target labels from service discovery and relabeling, as Prometheus would attach them.
    expect(text).toMatch(
      /^vllm:num_requests_running\{[^}]*job="vllm"[^}]*pod="[^"]+"[^}]*llm_d_ai_role="(prefill|decode)"[^}]*\} \S+ 1699999970$/m
    );
    // honor_labels: false keeps dcgm-exporter's own pod as pod and the GPU's workload pod as exported_pod.
    expect(text).toMatch(/^DCGM_FI_DEV_GPU_UTIL\{[^}]*exported_pod="[^"]+"[^}]*job="dcgm-exporter"/m);
    expect(text).toMatch(/^up\{job="llm-d-epp"[^}]*\} 1 1700000000$/m);
    const out = execFileSync(PROMTOOL_BIN, [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      file,
      join(dir, 'blocks'),
    ]).toString();
    const row = out.split('\n').find((l) => /^[0-9A-Z]{26}\s/.test(l));
    const [, , , , samples, , series] = row!.trim().split(/\s+/);
    expect({ samples: Number(samples), series: Number(series) }).toEqual({
      samples: summary.samples,
      series: summary.series,
    });
  });

  it('relabels like Prometheus: keep drops a target without the label, labelmap copies, __ labels go', () => {
    const rules = [
      { source_labels: ['__meta_role'], regex: '.+', action: 'keep' },
      { source_labels: ['__meta_ip'], regex: '(.+)', target_label: 'instance', replacement: '$1:8000' },
      { regex: '__meta_label_(.+)', replacement: '$1', action: 'labelmap' },
    ];
    expect(relabel({ __meta_ip: '10.0.0.1' }, rules)).toBeUndefined();
    expect(
      relabel({ __meta_role: 'decode', __meta_ip: '10.0.0.1', __meta_label_team: 'a', job: 'vllm' }, rules)
    ).toEqual({
      instance: '10.0.0.1:8000',
      team: 'a',
      job: 'vllm',
    });
  });
});

describe('bench/scale recorded style', () => {
  const rules = [{ record: 'model:x:rate5m', expr: 'sum by(model_name) (rate(x_total[5m]))' }];

  it('replaces the part a rule computes, at the panel window and with filters at All', () => {
    expect(toRecorded('sum by (model_name) (rate(x_total{namespace=~".*"}[60s])) > 0', rules)).toBe(
      'model:x:rate5m > 0'
    );
  });

  it('keeps the selector valid when the filter at All was its first matcher', () => {
    expect(toRecorded('sum by (pod) (x{namespace=~".*",role=~"decode"})', rules)).toBeUndefined();
    expect(
      toRecorded('sum by (model_name) (rate(x_total{namespace=~".*"}[60s])) / y{a=~".*",b="1"} + z{a=~".*"}', rules)
    ).toBe('model:x:rate5m / y{b="1"} + z');
  });

  it('leaves a query the rules do not compute raw', () => {
    expect(toRecorded('sum by (pod) (rate(x_total[60s]))', rules)).toBeUndefined();
    expect(toRecorded('sum by (model_name) (rate(x_total{namespace="a"}[60s]))', rules)).toBeUndefined();
  });

  it('reads the generated rule files, where every recording rule has a record and an expression', () => {
    const { files, rules: shipped } = recordingRules();
    expect(files.length).toBeGreaterThan(0);
    expect(shipped.every((r) => r.record.length > 0 && r.expr.length > 0)).toBe(true);
  });
});

it("counts VictoriaMetrics' samples read from storage across the nested trace", () => {
  const trace = {
    message: '/api/v1/query_range',
    children: [
      { message: 'fetch unique series=64, blocks=64, samples=640, bytes=5184' },
      {
        message: 'binary op',
        children: [
          { message: 'fetch unique series=2, blocks=3, samples=30, bytes=9' },
          { message: 'series after aggregation; samplesScanned=99' },
        ],
      },
    ],
  };
  expect(traceSamples(trace)).toBe(670);
  expect(traceSamples(undefined)).toBe(0);
});

it('sizes every benchmark fleet so the simulator accepts it: experts divide evenly over each role', () => {
  for (const ranks of [4, 12, 32, 128, 512]) {
    const r = redundantExperts(ranks);
    expect({ ranks, divides: (256 + r) % ranks === 0, some: r > 0 }).toEqual({ ranks, divides: true, some: true });
  }
  const { parseOptions } = require('../../simulator/src/options') as { parseOptions(argv: string[]): unknown };
  for (const engines of [8, 64, 256, 1024]) {
    expect(() => parseOptions(simArgs(engines))).not.toThrow();
  }
});

describe("bench/scale steps as Grafana's Prometheus data source derives them", () => {
  const hour = 3600;

  it('draws a 1 h panel with no options of its own at the scrape interval, $__rate_interval four scrapes', () => {
    expect(grafanaMacros(hour, 15)).toMatchObject({ step: 15, macros: { __interval: '15s', __rate_interval: '60s' } });
    expect(grafanaMacros(15 * 60, 15).step).toBe(15);
  });

  it("raises the step to a query's own interval, which also sets $__rate_interval's floor", () => {
    expect(grafanaMacros(hour, 15, { intervalSeconds: 60 })).toMatchObject({
      step: 60,
      macros: { __interval: '60s', __rate_interval: '240s' },
    });
  });

  it('divides the range by the max data points and rounds as gtime.RoundInterval does', () => {
    // 3600 / 30 = 120 s: 2m. The expert heatmap of wide-ep.json: 31 columns over the hour.
    expect(grafanaMacros(hour, 15, { intervalSeconds: 60, maxDataPoints: 30 }).step).toBe(120);
    // 3600 / 40 = 90 s rounds to 1m; 6 h / 30 = 720 s rounds to 10m.
    expect(grafanaMacros(hour, 15, { maxDataPoints: 40 }).step).toBe(60);
    expect(grafanaMacros(6 * hour, 15, { maxDataPoints: 30 }).step).toBe(600);
  });
});
