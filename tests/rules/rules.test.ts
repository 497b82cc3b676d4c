/**
 * The rule files: committed output equals a fresh generation from the catalog, every Prometheus rule file passes
 * `promtool check rules`, and the promtool unit tests (each alert fires on its fixture and stays silent on the
 * healthy one) pass. Prints the rule count and the alerts proven.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { allAlerts, recordingRuleSpecs } from '../../src/catalog/rules';
import { PROM_RULES_DIR, PROMTOOL_TESTS_DIR } from '../../src/generation/ruleFiles';
import { generatedFiles, ROOT } from '../../scripts/generate-rules';
import { ROUTABLE_RECORD } from '../../src/queries/routability';

const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';
const files = generatedFiles();
const ruleFiles = files.filter((f) => f.path.startsWith(`${PROM_RULES_DIR}/`)).map((f) => join(ROOT, f.path));
const testFiles = files.filter((f) => f.path.startsWith(`${PROMTOOL_TESTS_DIR}/`)).map((f) => join(ROOT, f.path));

function promtool(args: string[]): string {
  try {
    return execFileSync(PROMTOOL, args, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

describe('generated rule files', () => {
  it.each(files.map((f) => f.path))('%s is up to date with the catalog', (path) => {
    const full = join(ROOT, path);
    expect(existsSync(full)).toBe(true);
    expect(readFileSync(full, 'utf8')).toBe(files.find((f) => f.path === path)!.text);
  });

  it('puts only Prometheus rule files in the rules folder', () => {
    expect(ruleFiles.length).toBeGreaterThan(0);
    expect(ruleFiles.every((p) => p.endsWith('.yml'))).toBe(true);
  });

  it('every alert has a severity, a runbook anchor in docs/runbooks.md and a unique name', () => {
    const alerts = allAlerts();
    const runbook = readFileSync(join(ROOT, 'docs/runbooks.md'), 'utf8');
    expect(new Set(alerts.map((a) => a.name)).size).toBe(alerts.length);
    for (const a of alerts) {
      expect(['critical', 'warning']).toContain(a.severity);
      expect(runbook).toContain(`<a id="${a.name.toLowerCase()}"></a>`);
    }
  });

  it('names recording rules level:metric:operations (the published routability signal keeps its short name)', () => {
    for (const r of recordingRuleSpecs().filter((x) => x.record !== ROUTABLE_RECORD)) {
      expect(r.record).toMatch(/^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/);
    }
  });
});

describe('promtool', () => {
  it('checks every rule file', () => {
    const out = promtool(['check', 'rules', ...ruleFiles]);
    const counts = [...out.matchAll(/SUCCESS: (\d+) rules found/g)].map((m) => parseInt(m[1], 10));
    expect(counts).toHaveLength(ruleFiles.length);
    const total = counts.reduce((a, b) => a + b, 0);
    expect(total).toBe(allAlerts().length + recordingRuleSpecs().length);
    console.log(`promtool check rules: ${total} rules (${allAlerts().length} alerts, ${recordingRuleSpecs().length} recording)`);
  });

  it('proves every alert fires on its fixture and stays silent on the healthy one', () => {
    promtool(['test', 'rules', ...testFiles]);
    const proven = testFiles.flatMap((f) =>
      (parse(readFileSync(f, 'utf8')).tests as Array<{ name: string; alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }> }>)
        .flatMap((t) => t.alert_rule_test ?? [])
        .map((t) => `${t.alertname}:${t.exp_alerts.length > 0 ? 'fires' : 'silent'}`)
    );
    for (const a of allAlerts()) {
      expect(proven).toContain(`${a.name}:fires`);
      expect(proven).toContain(`${a.name}:silent`);
    }
    console.log(`promtool test rules: proven alerts (fire + silent):\n  ${allAlerts().map((a) => a.name).join('\n  ')}`);
  });
});
