/**
 * docs/compatibility.md is generated from the catalog and the upstream transcriptions (metrics/upstream/*.json):
 * it must be current, every family a cell names must be one its profile's files define, and the names the app
 * calls upstream, open pull requests' or proposals' must be defined as such by those files.
 */
import { existsSync, readFileSync } from 'fs';
import path from 'path';
import { cell, familiesRead, fed, Fixtures, PROFILE_IDS, ProfileId, profileFamilies, renderCompatibility, rows } from '../compatibility';
import { ALL_SIGNALS } from '../../queries/signals/signals';
import { COMPATIBILITY_DOC, loadDcgmCounters, loadFixtures, upstreamDir } from '../compatibilityFiles';

const dir = upstreamDir();
const present = existsSync(dir);

describe('compatibility table: generator', () => {
  it('says where the upstream transcriptions are when they are missing', () => {
    expect(() => loadFixtures('/nonexistent/metrics/upstream')).toThrow(/come with the simulator profiles/);
  });

  it('reads the families of a query, never a name as the prefix of a longer one', () => {
    expect(familiesRead(['rate(vllm:eplb_balancedness_bucket[5m])'])).toEqual(['vllm:eplb_balancedness']);
    expect(familiesRead(['vllm:eplb_balancedness_ratio'])).toEqual(['vllm:eplb_balancedness_ratio']);
    expect(familiesRead(['rate(sglang:eplb_balancedness_sum[5m])'])).toEqual(['sglang:eplb_balancedness']);
  });

  it('lists every panel and alert that reads a catalog family', () => {
    const ids = rows().map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['pd.decodeRecompute', 'wideep.balancedness', 'PdDecodeRecomputingPrefill']));
  });
});

// metrics/upstream/ comes with the simulator profiles; a checkout without it cannot hold the table against them.
(present ? describe : describe.skip)(`compatibility table against ${dir}`, () => {
  let fixtures: Fixtures;
  let byProfile: Record<ProfileId, Set<string>>;
  beforeAll(() => {
    fixtures = loadFixtures(dir);
    byProfile = profileFamilies(fixtures, loadDcgmCounters());
  });
  const defined = (files: string[]) => new Set(files.flatMap((f) => fixtures.get(f)!.families.map((x) => x.name)));

  it('is current (npm run compatibility regenerates it)', () => {
    expect(readFileSync(COMPATIBILITY_DOC, 'utf8')).toBe(renderCompatibility(fixtures, loadDcgmCounters()));
  });

  it("combines for each profile the files metrics/upstream/README.md names in that profile's row", () => {
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    const rowOf = (p: string) => readme.split('\n').find((l) => l.startsWith(`| \`${p}\``))!;
    const filesOf = (p: string): string[] => {
      const row = rowOf(p);
      const inherited = row.includes('`vllm` +') || row.includes('as `vllm`') ? filesOf('vllm') : [];
      const fromProposed = p !== 'proposed' && row.includes('as `proposed`') ? filesOf('proposed') : [];
      // The row names the fixture files; catalog.json is named for the legacy statuses, not as a family source.
      const named = Array.from(row.matchAll(/`([\w-]+)\.json`/g), (m) => m[1]).filter((f) => f !== 'catalog');
      return [...new Set([...inherited, ...fromProposed, ...named])];
    };
    for (const p of PROFILE_IDS) {
      const files = defined(filesOf(p));
      // legacy-vllm's pods export the removed names the catalog lists for older vLLM.
      const legacy = new Set(ALL_SIGNALS.flatMap((s) => s.names.filter((n) => n.status === 'legacy').map((n) => n.name)));
      const outside = [...byProfile[p]].filter((f) => !files.has(f) && !(p === 'legacy-vllm' && legacy.has(f)));
      expect({ profile: p, outside }).toEqual({ profile: p, outside: [] });
    }
  });

  it('says Likely causes draws in every profile, and what evidence it has where the lead signal is missing', () => {
    const likely = rows().find((r) => r.id === 'overview.likelyCauses')!;
    expect(PROFILE_IDS.map((p) => fed(likely, byProfile[p]))).toEqual(PROFILE_IDS.map(() => true));
    expect(cell(likely, byProfile.sglang)).toMatch(/^draws \(causes without evidence listed as missing\); evidence from .*`DCGM_FI_DEV_SM_CLOCK`/);
    expect(cell(likely, byProfile.vllm)).toMatch(/^`vllm:kv_cache_usage_perc`/);
  });

  it('has a row for a panel that draws a recording rule, fed by what the rule reads', () => {
    const routable = rows().filter((r) => r.title === 'Routable engines');
    expect(routable.map((r) => r.id).sort()).toEqual(['pd.routable', 'wideep.routable']);
    for (const r of routable) {
      expect(r.viaRules).toEqual(['llmd:engine_routable']);
      expect(cell(r, byProfile.vllm)).toMatch(/^via llmd:engine_routable from `vllm:generation_tokens_total`/);
      expect(cell(r, byProfile.sglang)).toBe('— needs vLLM engine metrics');
    }
  });

  it('names in each cell only families its profile defines', () => {
    for (const row of rows()) {
      for (const p of PROFILE_IDS) {
        const named = Array.from(cell(row, byProfile[p]).matchAll(/`([^`]+)`/g), (m) => m[1]);
        expect({ row: row.id, p, foreign: named.filter((f) => !byProfile[p].has(f)) }).toEqual({ row: row.id, p, foreign: [] });
      }
    }
  });

  it('calls upstream only what upstream defines, with its type', () => {
    const upstream = ['vllm', 'vllm-nixl', 'llm-d-router', 'dcgm-exporter', 'sglang'];
    const types = new Map(upstream.flatMap((f) => fixtures.get(f)!.families.map((x) => [x.name, x.type] as const)));
    const current = ALL_SIGNALS.filter((s) => s.requires !== 'node-exporter').flatMap((s) =>
      s.names.filter((n) => n.status === 'current').map((n) => ({ name: n.name, type: s.type }))
    );
    const wrong = current.filter((n) => types.get(n.name) !== n.type);
    expect(wrong).toEqual([]);
  });

  it("calls open pull requests' and proposals' names what their files define", () => {
    const prs = defined(['vllm-pr-43715', 'vllm-pr-49956']);
    const seeds = defined(['seeds-proposed']);
    for (const s of ALL_SIGNALS) {
      for (const n of s.names) {
        if (n.status === 'open-pr') {
          expect({ name: n.name, inPr: prs.has(n.name) }).toEqual({ name: n.name, inPr: true });
        }
        if (n.status === 'proposed') {
          expect({ name: n.name, inSeeds: seeds.has(n.name) }).toEqual({ name: n.name, inSeeds: true });
        }
      }
    }
  });

  it('feeds the Wide EP balancedness panel from a different source in each EPLB-capable profile', () => {
    const balancedness = rows().find((r) => r.id === 'wideep.balancedness')!;
    expect(cell(balancedness, byProfile['vllm-eplb-prs'])).toBe('`vllm:eplb_balancedness` (open PR)');
    expect(cell(balancedness, byProfile.sglang)).toBe('`sglang:eplb_balancedness`');
    expect(cell(balancedness, byProfile.proposed)).toMatch(/^`vllm:eplb_balancedness_ratio` \(proposal\)/);
    expect(cell(balancedness, byProfile.vllm)).toMatch(/^— no source/);
  });
});
