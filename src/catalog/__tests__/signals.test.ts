/**
 * The signals agree with metrics/catalog.json: every name the app queries exists there with the same type,
 * legacy names are the catalog's removed/deprecated ones, and names outside the catalog are declared
 * alternatives of other projects.
 */
import fs from 'fs';
import path from 'path';
import { ALL_SIGNALS } from '../signals';

interface CatalogEntry {
  name: string;
  type: string;
  status: string;
  source: string;
}

const catalog: CatalogEntry[] = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../metrics/catalog.json'), 'utf8'));
const byName = new Map(catalog.map((e) => [e.name, e]));

const names = ALL_SIGNALS.flatMap((s) => s.names.map((n) => ({ signal: s, ...n })));

describe('signals and the metrics catalog', () => {
  it.each(names.map((n) => [n.name, n] as const))('%s', (_name, n) => {
    const entry = byName.get(n.name);
    if (!entry) {
      // Only other projects' names may be missing from the catalog.
      expect(n.status).toBe('alternative');
      expect(n.note).toBeTruthy();
      return;
    }
    expect(entry.type).toBe(n.signal.type);
    if (n.status === 'legacy') {
      expect(['removed', 'deprecated', 'deprecated-handler']).toContain(entry.status);
    }
    if (n.status === 'current') {
      expect(['current', 'conditional', 'optional']).toContain(entry.status);
    }
    if (n.status === 'proposed') {
      expect(entry.status).toBe('proposed-unmerged');
    }
  });

  it('gives every signal a current or proposed name first', () => {
    for (const s of ALL_SIGNALS) {
      expect(['current', 'proposed', 'alternative']).toContain(s.names[0].status);
    }
  });
});
