/**
 * Grafana API compatibility as create-plugin's is-compatible workflow checks it: `@grafana/levitate
 * is-compatible` on src/module.tsx against @grafana/data, ui and runtime (scripts/check-compat.sh, which cites
 * the workflow). Here at the oldest version src/plugin.json's grafanaDependency claims, the bound the claim
 * rests on; `npm run compat` also checks the newest published release (about a minute each, longer on a busy
 * machine: levitate fetches those packages from the npm registry and compares their type declarations).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

it("levitate finds src/module.tsx compatible with the oldest Grafana that grafanaDependency claims", () => {
  const dependency: string = JSON.parse(readFileSync(join(ROOT, 'src/plugin.json'), 'utf8')).dependencies.grafanaDependency;
  const oldest = /^>=\s*(\d+\.\d+\.\d+)/.exec(dependency)?.[1];
  expect(oldest).toBeDefined();
  const run = spawnSync('bash', ['scripts/check-compat.sh', oldest!], { cwd: ROOT, encoding: 'utf8', timeout: 540_000 });
  const output = `${run.stdout}\n${run.stderr}`;
  expect({ status: run.status, tail: output.trim().split('\n').slice(-15).join('\n') }).toEqual({
    status: 0,
    tail: expect.stringContaining(`compatible with ${oldest} `),
  });
  for (const pkg of ['data', 'ui', 'runtime']) {
    expect(output).toContain(`@grafana/${pkg}@${oldest}`);
  }
}, 600_000);
