/**
 * TypeScript's checker over every project of the repository. The webpack build checks only the plugin (src/);
 * jest and the preview bundle strip types without checking them, so the preview host, the tests, the scripts,
 * the benchmarks and the simulator are checked here.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const TSC = join(ROOT, 'node_modules/.bin/tsc');

describe('tsc --noEmit', () => {
  it.each([
    ['the plugin', '.'],
    ['the preview host', 'preview'],
    ['the tests, scripts and benchmarks', 'tests'],
    ['the simulator', 'simulator'],
  ])('%s (%s) type-checks', (_, project) => {
    const out = spawnSync(TSC, ['--noEmit', '--pretty', 'false', '-p', project], { cwd: ROOT, encoding: 'utf8', timeout: 170000 });
    const errors = (out.stdout + out.stderr).split('\n').filter((l) => l.includes('error TS'));
    expect({ project, status: out.status, errors }).toEqual({ project, status: 0, errors: [] });
  }, 180000);
});
