/**
 * The signals agree with metrics/catalog.json: every vLLM, router and GPU name the app queries exists there
 * with the same type, legacy names are the catalog's removed/deprecated ones, open pull requests' names are
 * unmerged there, and other names are declared alternatives or SGLang's own families (checked against the
 * transcription in metrics/upstream/sglang.json where that file exists).
 */
import fs from 'fs';
import path from 'path';
import { ALL_SIGNALS } from '../../queries/signals/signals';

interface CatalogEntry {
  name: string;
  type: string;
  status: string;
  source: string;
}

const catalog: CatalogEntry[] = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../metrics/catalog.json'), 'utf8'));
const byName = new Map(catalog.map((e) => [e.name, e]));

const sglangFile = path.join(__dirname, '../../../metrics/upstream/sglang.json');
const sglang: Map<string, string[]> | undefined = fs.existsSync(sglangFile)
  ? JSON.parse(fs.readFileSync(sglangFile, 'utf8')).families.reduce(
      (m: Map<string, string[]>, f: { name: string; type: string }) => m.set(f.name, [...(m.get(f.name) ?? []), f.type]),
      new Map<string, string[]>()
    )
  : undefined;

const names = ALL_SIGNALS.flatMap((s) => s.names.map((n) => ({ signal: s, ...n })));

describe('signals and the metrics catalog', () => {
  it.each(names.map((n) => [n.name, n] as const))('%s', (_name, n) => {
    const entry = byName.get(n.name);
    if (!entry && n.name.startsWith('sglang:')) {
      // SGLang's own families: current in SGLang, and of the type its collector registers.
      expect(n.status).toBe('current');
      if (sglang) {
        expect(sglang.get(n.name)).toContain(n.signal.type);
      }
      return;
    }
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
    if (n.status === 'proposed' || n.status === 'open-pr') {
      expect(entry.status).toBe('proposed-unmerged');
    }
  });

  it('gives every signal a current, open pull request or proposed name first', () => {
    for (const s of ALL_SIGNALS) {
      expect(['current', 'open-pr', 'proposed', 'alternative']).toContain(s.names[0].status);
    }
  });

  it('checks SGLang families against their transcription when it is here', () => {
    if (!sglang) {
      // metrics/upstream/ arrives with the simulator profiles; until then the types above are the collector's as cited.
      expect(fs.existsSync(path.dirname(sglangFile))).toBe(false);
      return;
    }
    expect(sglang.get('sglang:eplb_balancedness')).toEqual(['summary']);
  });
});
