/**
 * The rearrangement annotation and "time since the last rearrangement" against Prometheus' own evaluator
 * (promtool test rules, the queries as recording rules): a rearrangement is an event, an engine restart (the
 * counter back to 0) is not. Before, changes() counted the restart.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ruleContext } from '../../src/queries/context';
import { rearrangementEvents } from '../../src/queries/wideep/rebalance';
import { print } from '../../src/queries/promql';
import { DEFAULT_RULE_MAPPING } from '../../src/catalog/rules';

const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';

it('counts a rearrangement as an event and an engine restart as none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rebalance-restart-'));
  try {
    const expr = print(rearrangementEvents(ruleContext(DEFAULT_RULE_MAPPING), '45s'));
    writeFileSync(join(dir, 'rules.yml'), stringify({ groups: [{ name: 'g', interval: '15s', rules: [{ record: 'events', expr }] }] }));
    // Samples every 15 s: 2 rearrangements done, a third at 1m, the engine restarts at 3m (back to 0).
    const counter = 'vllm:eplb_rearrangements_total{model_name="m", engine="0", pod="p"}';
    const test = {
      rule_files: ['rules.yml'],
      evaluation_interval: '15s',
      tests: [
        {
          interval: '15s',
          input_series: [{ series: counter, values: '2 2 2 2 3 3 3 3 3 3 3 3 0 0 0 0 0 0' }],
          promql_expr_test: [
            { expr: 'events', eval_time: '1m15s', exp_samples: [{ labels: 'events{model_name="m"}', value: 1 }] },
            { expr: 'events', eval_time: '2m30s', exp_samples: [] },
            { expr: 'events', eval_time: '3m15s', exp_samples: [] },
          ],
        },
      ],
    };
    writeFileSync(join(dir, 'test.yml'), stringify(test));
    const run = spawnSync(PROMTOOL, ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toContain('SUCCESS');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
