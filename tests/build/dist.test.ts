/**
 * The built plugin as Grafana loads it: dist/plugin.json valid against the plugin schema, every include and
 * logo present, the README and LICENSE shipped, the preview host absent, and module.js within its budget.
 * Runs after `npm run build`.
 */
import Ajv from 'ajv';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const DIST = join(ROOT, 'dist');
export const MODULE_BUDGET_BYTES = 100 * 1024;

const pluginJson = () => JSON.parse(readFileSync(join(DIST, 'plugin.json'), 'utf8'));

describe('dist/ (the built plugin)', () => {
  it('exists: run `npm run build` first', () => {
    expect(existsSync(join(DIST, 'module.js'))).toBe(true);
  });

  it('plugin.json validates against the plugin schema', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/plugin.schema.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const ok = validate(pluginJson());
    expect(ajv.errorsText(validate.errors)).toBe('No errors');
    expect(ok).toBe(true);
  });

  it('plugin.json has its id, version, dependency range and filled-in info', () => {
    const p = pluginJson();
    expect(p.id).toMatch(/^[a-z0-9]+-[a-z0-9-]+-app$/);
    expect(p.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(p.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(p.dependencies.grafanaDependency).toMatch(/^>=\d+\.\d+\.\d+/);
    expect(p.info.description.length).toBeGreaterThan(40);
    expect(p.info.keywords.length).toBeGreaterThan(3);
  });

  it('every included dashboard, logo and screenshot is in dist/', () => {
    const p = pluginJson();
    const paths = [
      ...p.includes.filter((i: { type: string }) => i.type === 'dashboard').map((i: { path: string }) => i.path),
      p.info.logos.small,
      p.info.logos.large,
      ...(p.info.screenshots ?? []).map((s: { path: string }) => s.path),
    ];
    for (const path of paths) {
      expect({ path, exists: existsSync(join(DIST, path)) }).toEqual({ path, exists: true });
    }
  });

  it('every sidebar page is declared with addToNav', () => {
    const pages = pluginJson().includes.filter((i: { type: string }) => i.type === 'page');
    expect(pages.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['Overview', 'Prefill/Decode', 'Wide EP', 'GPUs', 'Alerts'])
    );
    expect(pages.every((p: { addToNav: boolean }) => p.addToNav)).toBe(true);
  });

  it('ships README, CHANGELOG and LICENSE', () => {
    for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE']) {
      expect({ f, exists: existsSync(join(DIST, f)) }).toEqual({ f, exists: true });
    }
  });

  it('ships the docs the app links to (metrics set-up, runbooks)', () => {
    const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
    expect(docs).toContain('metrics-setup.md');
    for (const f of docs) {
      expect({ f, exists: existsSync(join(DIST, 'docs', f)) }).toEqual({ f, exists: true });
    }
  });

  it('contains nothing of the preview host', () => {
    const js = readdirSync(DIST).filter((f) => f.endsWith('.js'));
    for (const f of js) {
      const text = readFileSync(join(DIST, f), 'utf8');
      expect({ f, leaks: /Preview host|PreviewPrometheus|preview-banner/.test(text) }).toEqual({ f, leaks: false });
    }
  });

  it(`module.js stays within ${MODULE_BUDGET_BYTES / 1024} KB`, () => {
    const size = statSync(join(DIST, 'module.js')).size;
    const chunks = readdirSync(DIST)
      .filter((f) => f.endsWith('.js') && f !== 'module.js')
      .reduce((sum, f) => sum + statSync(join(DIST, f)).size, 0);
    console.log(`dist/module.js: ${(size / 1024).toFixed(1)} KB (budget ${MODULE_BUDGET_BYTES / 1024} KB); lazy chunks: ${(chunks / 1024).toFixed(1)} KB`);
    expect(size).toBeLessThanOrEqual(MODULE_BUDGET_BYTES);
  });
});
