/**
 * scripts/demo.sh's guards, run for real with bash: the state folder it empties must be inside the
 * repository, and stopping the demo stops every process its services started, grandchildren included.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

function bash(script: string, env: Record<string, string> = {}) {
  return spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
}

describe('scripts/demo.sh', () => {
  it('refuses a STATE_DIR outside the repository before touching it', () => {
    const outside = mkdtempSync(join(tmpdir(), 'demo-home-'));
    writeFileSync(join(outside, 'precious'), 'keep me');
    try {
      const run = bash('bash scripts/demo.sh', { STATE_DIR: outside, SIM_PORT: '1' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('outside the repository');
      expect(readFileSync(join(outside, 'precious'), 'utf8')).toBe('keep me');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it.each([
    ['.', 'the repository itself'],
    ['..', 'its parent'],
    ['.stack/../..', 'a path that climbs out'],
    ['src', 'a folder of tracked files'],
  ])('refuses STATE_DIR=%p (%s)', (dir) => {
    const run = bash(`. scripts/lib/services.sh && state_dir_inside "$PWD" "$0"`.replace('$0', dir));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/outside the repository|under version control/);
  });

  it('accepts a subfolder of its own and prints it absolute', () => {
    const run = bash('. scripts/lib/services.sh && state_dir_inside "$PWD" .stack-test');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(join(ROOT, '.stack-test'));
  });

  it('stops a service together with the processes it started', () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-services-'));
    try {
      // The service forks a grandchild that records its pid, the way npm starts node.
      const run = bash(
        `. scripts/lib/services.sh
         start_service "${dir}/log" bash -c 'sleep 300 & echo $! > "${dir}/grandchild"; wait'
         for _ in $(seq 1 50); do [ -s "${dir}/grandchild" ] && break; sleep 0.1; done
         stop_services`
      );
      expect(run.status).toBe(0);
      const pid = Number(readFileSync(join(dir, 'grandchild'), 'utf8'));
      expect(pid).toBeGreaterThan(1);
      expect(existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
