/**
 * The gpu cause's evidence panels per engine, evaluated by promtool (Prometheus' own engine): with dcgm-exporter's
 * Kubernetes mapping (`exported_pod`/`exported_namespace` here, the Helm chart's default scrape) a panel shows only
 * the GPUs of the engines the filters select; without it every GPU (fleet-wide).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RULE_MAPPING } from '../../src/catalog/rules';
import { evidencePanels } from '../../src/catalog/pages/overview/causeEvidence';
import { QueryContext } from '../../src/queries/context';
import { print, re } from '../../src/queries/promql';

const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';
const XID_PANEL = evidencePanels('gpu').find((p) => p.id === 'causes.gpu.xid')!;

const ctx = (model: string): QueryContext => ({
  vllm: [re('model_name', model)],
  router: [],
  role: DEFAULT_RULE_MAPPING,
  window: '1m',
});

/** Two engines of two models, one GPU each; the GPU of `p2` (model m2) reports XID 79. */
function series(mapped: boolean): string {
  const gpu = (n: number, pod: string) =>
    mapped
      ? `{gpu="${n}",Hostname="node-0",exported_pod="${pod}",exported_namespace="llm-d"}`
      : `{gpu="${n}",Hostname="node-0"}`;
  return [
    `      - series: 'vllm:kv_cache_usage_perc{namespace="llm-d",model_name="m1",pod="p1",engine="0"}'\n        values: '0.5x10'`,
    `      - series: 'vllm:kv_cache_usage_perc{namespace="llm-d",model_name="m2",pod="p2",engine="0"}'\n        values: '0.5x10'`,
    `      - series: 'DCGM_FI_DEV_XID_ERRORS${gpu(0, 'p1')}'\n        values: '0x10'`,
    `      - series: 'DCGM_FI_DEV_XID_ERRORS${gpu(1, 'p2')}'\n        values: '0x5 79x5'`,
  ].join('\n');
}

/** A promtool test of the XID panel's query: the GPUs it shows (`gpu=value` each) under a model filter. */
function expectGpus(mapped: boolean, model: string, gpus: Record<string, number>): string {
  const expr = print(XID_PANEL.queries(ctx(model))[0].expr);
  const samples = Object.entries(gpus)
    .map(([gpu, value]) => {
      const pod = mapped ? `, pod="${gpu === '0' ? 'p1' : 'p2'}"` : '';
      return `          - labels: '{host="node-0", gpu="${gpu}"${pod}}'\n            value: ${value}`;
    })
    .join('\n');
  return `  - interval: 1m
    input_series:
${series(mapped)}
    promql_expr_test:
      - expr: '${expr.replace(/'/g, "''")}'
        eval_time: 10m
        exp_samples:
${samples}
`;
}

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'gpu-engines-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function promtool(tests: string[]): string {
  const file = join(dir, 'gpu.test.yml');
  writeFileSync(file, `rule_files: []\nevaluation_interval: 1m\ntests:\n${tests.join('')}`);
  const run = spawnSync(PROMTOOL, ['test', 'rules', file], { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`;
}

describe("gpu evidence on the selected engines' GPUs (promtool)", () => {
  it("with the pod mapping: each model's panel shows its own GPU, all models both", () => {
    const out = promtool([
      expectGpus(true, 'm1', { 0: 0 }),
      expectGpus(true, 'm2', { 1: 79 }),
      expectGpus(true, '.*', { 0: 0, 1: 79 }),
    ]);
    expect(out).toContain('SUCCESS');
  });

  it('without the pod mapping: every GPU, whatever the model filter', () => {
    expect(promtool([expectGpus(false, 'm1', { 0: 0, 1: 79 }), expectGpus(false, 'm2', { 0: 0, 1: 79 })])).toContain(
      'SUCCESS'
    );
  });

  it("the check can fail: hiding m2's GPU from m1 without the mapping is refused", () => {
    expect(promtool([expectGpus(false, 'm1', { 0: 0 })])).toContain('FAILED');
  });
});
