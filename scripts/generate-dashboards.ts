/**
 * Writes the included dashboards (src/dashboards/*.json) from the page specs and lists them in plugin.json.
 *   npx tsx scripts/generate-dashboards.ts
 */
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardFiles, withDashboardIncludes } from '../src/generation/dashboardFiles';

const src = join(__dirname, '..', 'src');
const files = dashboardFiles();
const keep = new Set(files.map((f) => f.path));
for (const name of readdirSync(join(src, 'dashboards')).filter((n) => n.endsWith('.json'))) {
  if (!keep.has(`dashboards/${name}`)) {
    unlinkSync(join(src, 'dashboards', name));
  }
}
for (const f of files) {
  writeFileSync(join(src, f.path), f.json);
}
const pluginPath = join(src, 'plugin.json');
const plugin = withDashboardIncludes(JSON.parse(readFileSync(pluginPath, 'utf8')), files);
writeFileSync(pluginPath, `${JSON.stringify(plugin, null, 2)}\n`);
console.log(`wrote ${files.length} dashboards: ${files.map((f) => f.path).join(', ')}`);
