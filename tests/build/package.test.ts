/**
 * The release zip as `npm run package` writes it (here from the dist/ that `npm run build` left, SKIP_BUILD=1),
 * checked against the rules of Grafana's plugin validator that apply to an unsigned frontend app. The
 * validator itself cannot run here: its npm package downloads its Go binary from GitHub releases. Rules
 * transcribed from grafana/plugin-validator pkg/analysis/passes/:
 * - archive/archive.go @3d4c132be24ccb8e522b019035fd8b6054e59fbf: one root entry, a directory, no dist/ in it;
 * - archivename/archivename.go @05acad0d3655ff3f8895e6986bb9b5b016b8e3f0: the root directory is the plugin id;
 * - changelog/changelog.go @4aba70cb9b6ab0c339c99a8ce24055afbbc1c4cc: a non-empty CHANGELOG.md;
 * - jssourcemap/jssourcemap.go @35625fa555a866edf3cc2c7d645c9feb293ad0c9: module.js.map beside module.js;
 * - logos, metadatapaths: every logo and screenshot path plugin.json names is in the archive.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const pkg = JSON.parse(read('package.json'));
const pluginId: string = JSON.parse(read('src/plugin.json')).id;

describe('versions', () => {
  it("package.json's version is the CHANGELOG's latest entry", () => {
    const latest = /^## (\S+)/m.exec(read('CHANGELOG.md'))?.[1];
    expect(latest).toBe(pkg.version);
  });

  it('the top-level plugin.json is a link to src/plugin.json, where the build reads it', () => {
    const top = join(ROOT, 'plugin.json');
    expect(lstatSync(top).isSymbolicLink()).toBe(true);
    expect(readlinkSync(top)).toBe('src/plugin.json');
    expect(readFileSync(top, 'utf8')).toBe(read('src/plugin.json'));
  });
});

describe('npm run package (release zip)', () => {
  let zip = '';
  let entries: string[] = [];
  const entry = (path: string) => execFileSync('unzip', ['-p', zip, `${pluginId}/${path}`], { encoding: 'utf8', maxBuffer: 64 << 20 });

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/module.js'))) {
      throw new Error('dist/ is missing: run `npm run build` first');
    }
    const out = execFileSync('bash', ['scripts/package.sh'], {
      cwd: ROOT,
      env: { ...process.env, SKIP_BUILD: '1' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    zip = out.trim().split('\n').pop()!;
    entries = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
  });

  it('prints the zip path as its last line, named <id>-<version>.zip, with a matching SHA-1 beside it', () => {
    expect(zip).toBe(join(ROOT, 'artifacts/release', `${pluginId}-${pkg.version}.zip`));
    const sha1 = createHash('sha1').update(readFileSync(zip)).digest('hex');
    expect(readFileSync(`${zip}.sha1`, 'utf8')).toBe(`${sha1}  ${pluginId}-${pkg.version}.zip\n`);
  });

  it("unpacks to a single root folder named for the plugin id, with no dist/ inside (validator: archive, archivename)", () => {
    expect(new Set(entries.map((e) => e.split('/')[0]))).toEqual(new Set([pluginId]));
    expect(entries.filter((e) => e.startsWith(`${pluginId}/dist/`))).toEqual([]);
  });

  it('holds module.js with its source map, plugin.json, the chunks, dashboards, img, docs, README, LICENSE, CHANGELOG', () => {
    for (const f of ['module.js', 'module.js.map', 'plugin.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'docs/architecture.md', 'docs/install.md']) {
      expect({ f, present: entries.includes(`${pluginId}/${f}`) }).toEqual({ f, present: true });
    }
    expect(entries.filter((e) => /^[^/]+\/\d+\.js$/.test(e)).length).toBeGreaterThan(0);
    expect(entries.filter((e) => e.startsWith(`${pluginId}/img/`)).length).toBeGreaterThan(1);
    expect(entries.filter((e) => e.startsWith(`${pluginId}/dashboards/`) && e.endsWith('.json')).length).toBeGreaterThanOrEqual(5);
    expect(entry('CHANGELOG.md').trim().length).toBeGreaterThan(0);
  });

  it("plugin.json in the zip carries the package version and every path it names (validator: logos, metadatapaths)", () => {
    const p = JSON.parse(entry('plugin.json'));
    expect(p.id).toBe(pluginId);
    expect(p.info.version).toBe(pkg.version);
    expect(JSON.stringify(p)).not.toMatch(/%[A-Z_]+%/);
    const paths = [
      p.info.logos.small,
      p.info.logos.large,
      ...(p.info.screenshots ?? []).map((s: { path: string }) => s.path),
      ...p.includes.filter((i: { type: string }) => i.type === 'dashboard').map((i: { path: string }) => i.path),
    ];
    for (const path of paths) {
      expect({ path, present: entries.includes(`${pluginId}/${path}`) }).toEqual({ path, present: true });
    }
  });
});
