/**
 * Sums the jest JSON reports of every suite into the closing line `N passed, N failed`. A suite that did not
 * produce its report (crashed, or its set-up failed) counts as one failure, so nothing fails silently.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'artifacts/results';
const EXPECTED = ['unit', 'simulator', 'build-and-rules', 'integration', 'browser'];

interface JestReport {
  numPassedTests: number;
  numFailedTests: number;
  numRuntimeErrorTestSuites: number;
  testResults: Array<{ name: string; status: string; message: string; assertionResults: Array<{ status: string; fullName: string }> }>;
}

let passed = 0;
let failed = 0;
for (const name of EXPECTED) {
  const file = join(dir, `${name}.json`);
  if (!existsSync(file)) {
    console.log(`${name}: no report (the suite did not run to completion) → 1 failed`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8')) as JestReport;
  const broken = r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0);
  passed += r.numPassedTests;
  failed += r.numFailedTests + broken.length;
  console.log(`${name}: ${r.numPassedTests} passed, ${r.numFailedTests + broken.length} failed`);
  for (const t of r.testResults) {
    for (const a of t.assertionResults.filter((a) => a.status === 'failed')) {
      console.log(`  ✕ ${a.fullName}`);
    }
  }
  for (const t of broken) {
    console.log(`  ✕ ${t.name}: ${t.message.split('\n').slice(0, 3).join(' ')}`);
  }
}
for (const f of readdirSync(dir).filter((f) => f.endsWith('.failed'))) {
  console.log(`${f.replace('.failed', '')}: failed → 1 failed`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
