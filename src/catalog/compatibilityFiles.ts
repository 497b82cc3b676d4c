/**
 * Reads what the compatibility table is generated from: the upstream transcriptions (metrics/upstream/*.json)
 * and the custom DCGM counters (deploy/dcgm/counters.csv). Node only: the generator and the tests use it, the
 * plugin never imports it. LLMD_UPSTREAM_DIR points at another copy of metrics/upstream/ (a worktree that has it
 * before a merge).
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { Fixtures } from './compatibility';

export const ROOT = join(__dirname, '..', '..');
export const COMPATIBILITY_DOC = join(ROOT, 'docs', 'compatibility.md');

export function upstreamDir(): string {
  return process.env.LLMD_UPSTREAM_DIR ?? join(ROOT, 'metrics', 'upstream');
}

export function loadFixtures(dir = upstreamDir()): Fixtures {
  if (!existsSync(dir)) {
    throw new Error(`${dir} does not exist: the upstream transcriptions (metrics/upstream/*.json) come with the simulator profiles`);
  }
  const fixtures: Fixtures = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    fixtures.set(file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, file), 'utf8')));
  }
  return fixtures;
}

export function loadDcgmCounters(): string[] {
  return readFileSync(join(ROOT, 'deploy', 'dcgm', 'counters.csv'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',')[0].trim());
}
