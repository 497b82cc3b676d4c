/**
 * The simulator image's build steps, run here without Docker: the Dockerfile's RUN lines in a copy of what it
 * COPYs. They must install from the lock file (a lock `npm ci` refuses fails the image build, not just CI), leave
 * the dev dependencies out, and leave the ENTRYPOINT able to start.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIM = join(__dirname, '../../simulator');
const lines = readFileSync(join(SIM, 'Dockerfile'), 'utf8').split('\n');

describe('simulator/Dockerfile, its steps run without Docker', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llmd-sim-image-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs the runtime from the lock file, without dev dependencies, and the entrypoint starts', () => {
    // COPY sources are relative to the build context (simulator/); the destination is WORKDIR.
    for (const line of lines.filter((l) => l.startsWith('COPY '))) {
      const parts = line.slice(5).trim().split(/\s+/);
      for (const src of parts.slice(0, -1)) {
        cpSync(join(SIM, src), join(dir, src), { recursive: true });
      }
    }
    const runs = lines.filter((l) => l.startsWith('RUN ')).map((l) => l.slice(4));
    expect(runs.length).toBeGreaterThan(0);
    for (const cmd of runs) {
      const out = spawnSync('sh', ['-c', cmd], { cwd: dir, encoding: 'utf8', timeout: 280000 });
      expect({ cmd, status: out.status, stderr: out.status === 0 ? '' : out.stderr.slice(-1500) }).toEqual({ cmd, status: 0, stderr: '' });
    }
    expect(existsSync(join(dir, 'node_modules/prom-client'))).toBe(true);
    expect(existsSync(join(dir, 'node_modules/jest'))).toBe(false);

    const entrypoint = JSON.parse(lines.find((l) => l.startsWith('ENTRYPOINT '))!.slice(11)) as string[];
    const [bin, ...args] = entrypoint;
    const help = spawnSync(join(dir, 'node_modules/.bin', bin), [...args, '--help'], { cwd: dir, encoding: 'utf8', timeout: 60000 });
    expect({ status: help.status, stderr: help.stderr }).toEqual({ status: 0, stderr: '' });
    expect(help.stdout).toContain('--scenario');
  }, 300000);
});
