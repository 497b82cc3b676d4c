/**
 * Tuned values end to end: rules generated from a values file (other thresholds, minimum volumes and
 * durations) pass `promtool check rules`, and the promtool tests generated with them pass too. The default
 * tests run against the tuned rules fail, so the tests really follow the values rather than pass anyway.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROM_RULES_DIR, PROMTOOL_TESTS_DIR } from '../../src/generation/ruleFiles';
import { parseRuleValues } from '../../src/catalog/rules/values';
import { generatedFiles, ROOT, writeFiles } from '../../scripts/generate-rules';

const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';

const TUNED = `
runbookBaseUrl: https://grafana.example.com/public/plugins/llmd-fleet-app/
alerts:
  VllmTtftP99High: { threshold: 3, for: 15m }
  VllmTtftP99Critical: { threshold: 10, for: 5m, keepFiringFor: 10m }
  VllmErrorRateHigh: { threshold: 0.1, minVolume: 2 }
  NixlTransferFailures: { threshold: 0.05, minVolume: 10, for: 2m }
  DboFalloutHigh: { threshold: 0.4, minVolume: 5 }
  GpuTemperatureHigh: { threshold: 80 }
  VllmKvCacheExhausted: { threshold: 0.95, for: 1m }
  EplbRearrangementSlow: { threshold: 60 }
`;

const dirs: string[] = [];

/** Writes the files generated from `yaml` to a fresh folder; returns it and the promtool test files. */
function generate(yaml: string, source: string): { dir: string; tests: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'rule-values-'));
  dirs.push(dir);
  const files = generatedFiles({ values: parseRuleValues(yaml, source) });
  writeFiles(files, dir);
  return { dir, tests: files.filter((f) => f.path.startsWith(`${PROMTOOL_TESTS_DIR}/`)).map((f) => f.path) };
}

afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

it.each(['deploy/rule-values.seed-003.yaml', 'deploy/rule-values.seed-002.yaml'])(
  "%s reproduces the seed's table, and its rules pass their promtool tests",
  (file) => {
    const { dir, tests } = generate(readFileSync(join(ROOT, file), 'utf8'), file);
    const run = spawnSync(PROMTOOL, ['test', 'rules', ...tests], { cwd: dir, encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).not.toContain('FAILED');
    expect(run.status).toBe(0);
  }
);

describe('rules generated from a values file', () => {
  let dir: string;
  let tunedTests: string[];

  beforeAll(() => {
    ({ dir, tests: tunedTests } = generate(TUNED, 'tuned values'));
  });

  it('pass promtool check rules', () => {
    const out = execFileSync(PROMTOOL, ['check', 'rules', ...['llmd-serving-health', 'llmd-prefill-decode', 'llmd-wide-ep', 'llmd-gpu'].map((g) => join(dir, PROM_RULES_DIR, `${g}.yml`))], {
      encoding: 'utf8',
    });
    expect(out).not.toContain('FAILED');
  });

  it('pass their own promtool tests (fire, stay silent, stay silent below the minimum volume)', () => {
    const run = spawnSync(PROMTOOL, ['test', 'rules', ...tunedTests], { cwd: dir, encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).not.toContain('FAILED');
    expect(run.status).toBe(0);
  });

  it('fail the tests generated for the defaults, which expect other summaries and other firing points', () => {
    for (const test of tunedTests) {
      copyFileSync(join(ROOT, test), join(dir, test));
    }
    const run = spawnSync(PROMTOOL, ['test', 'rules', ...tunedTests], { cwd: dir, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
  });
});
