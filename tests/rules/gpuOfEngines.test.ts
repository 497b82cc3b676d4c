/**
 * The gpu cause judged per engine, evaluated by promtool (Prometheus' own engine): with dcgm-exporter's
 * Kubernetes mapping (`exported_pod`/`exported_namespace` here, the Helm chart's default scrape) only the GPUs of
 * the engines the filters select count; without it every GPU counts (fleet-wide).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RULE_MAPPING } from '../../src/catalog/rules';
import { causeScore, findCause } from '../../src/queries/causes';
import { QueryContext } from '../../src/queries/context';
import { re } from '../../src/queries/promql';

const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';
const WINDOW = { range: '2m', baseline: '2m', stuck: '1m' };
const GPU = findCause('gpu')!;

const ctx = (model: string): QueryContext => ({ vllm: [re('model_name', model)], router: [], role: DEFAULT_RULE_MAPPING, window: '1m' });

/** Two engines of two models, one GPU each; the GPU of `p2` (model m2) reports XID 79. */
function series(mapped: boolean): string {
  const gpu = (n: number, pod: string) =>
    mapped ? `{gpu="${n}",Hostname="node-0",exported_pod="${pod}",exported_namespace="llm-d"}` : `{gpu="${n}",Hostname="node-0"}`;
  return [
    `      - series: 'vllm:kv_cache_usage_perc{namespace="llm-d",model_name="m1",pod="p1",engine="0"}'\n        values: '0.5x10'`,
    `      - series: 'vllm:kv_cache_usage_perc{namespace="llm-d",model_name="m2",pod="p2",engine="0"}'\n        values: '0.5x10'`,
    `      - series: 'DCGM_FI_DEV_XID_ERRORS${gpu(0, 'p1')}'\n        values: '0x10'`,
    `      - series: 'DCGM_FI_DEV_XID_ERRORS${gpu(1, 'p2')}'\n        values: '0x5 79x5'`,
  ].join('\n');
}

/** A promtool test of the score; `null`: no score at all (no GPU of the selection faulted; the table shows 0). */
function expectScore(mapped: boolean, model: string, score: number | null): string {
  const expr = causeScore(ctx(model), GPU, WINDOW);
  return `  - interval: 1m
    input_series:
${series(mapped)}
    promql_expr_test:
      - expr: '${expr.replace(/'/g, "''")}'
        eval_time: 10m
        exp_samples:${score === null ? ' []' : `\n          - labels: '{}'\n            value: ${score}`}
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

describe('gpu cause on the selected engines (promtool)', () => {
  it("with the pod mapping: the XID on model m2's GPU counts for m2 and for all models, not for m1", () => {
    const out = promtool([expectScore(true, 'm2', 1), expectScore(true, '.*', 1), expectScore(true, 'm1', null)]);
    expect(out).toContain('SUCCESS');
  });

  it('without the pod mapping: every GPU counts, whatever the model filter', () => {
    const out = promtool([expectScore(false, 'm1', 1), expectScore(false, 'm2', 1)]);
    expect(out).toContain('SUCCESS');
  });

  it('the check can fail: claiming m1 is clean without the mapping is refused', () => {
    expect(promtool([expectScore(false, 'm1', null)])).toContain('FAILED');
  });
});
