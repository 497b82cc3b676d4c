/**
 * Writes every rule format from the catalog (src/catalog/rules): Prometheus rule files, promtool tests,
 * Grafana alert provisioning, Kubernetes manifests, deploy/rule-values.yaml, docs/runbooks.md and the values
 * table of docs/alerts.md.
 *   npx tsx scripts/generate-rules.ts [--values <file.yaml>] [--role-preset <id>] [--for-scale <n>] [--runbook-base-url <url>] [--out <dir>]
 * --values overrides thresholds, durations, the runbook base URL and the Kubernetes placement
 * (src/catalog/rules/values.ts; deploy/rule-values.yaml lists every default); the promtool tests follow them.
 * --role-preset regenerates the role splits for another role mapping (src/settings/rolePresets.ts);
 * --for-scale multiplies every `for` (for tests only; with it, only the Prometheus rule files are written).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { dashboardFiles } from '../src/generation/dashboardFiles';
import { parse } from 'yaml';
import { GeneratedFile, prometheusRuleFiles, ruleFiles } from '../src/generation/ruleFiles';
import { findPreset } from '../src/settings/rolePresets';
import { ALERTS_DOC } from '../src/generation/ruleFiles';
import { parseRuleValues, RuleValues } from '../src/catalog/rules/values';

export const ROOT = join(__dirname, '..');

/** The uid of the provisioned Prometheus data source (provisioning/datasources/default.yaml). */
export function provisionedDatasourceUid(root = ROOT): string {
  const doc = parse(readFileSync(join(root, 'provisioning/datasources/default.yaml'), 'utf8'));
  const ds = (doc.datasources ?? []).find((d: { type: string }) => d.type === 'prometheus');
  if (!ds?.uid) {
    throw new Error('provisioning/datasources/default.yaml has no Prometheus data source with a uid');
  }
  return ds.uid;
}

/** The included dashboards as generated from the page specs, in memory: the same models generate-dashboards writes. */
export function includedDashboards(): Array<{ name: string; json: string }> {
  return dashboardFiles()
    .map((f) => ({ name: basename(f.path), json: f.json }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

export interface GenerateOptions {
  /** A parsed values file; the defaults when absent. */
  values?: RuleValues;
  rolePreset?: string;
  forScale?: number;
  runbookBaseUrl?: string;
}

/** What the generator writes, relative to the repository (or output) root. */
export function generatedFiles(opts: GenerateOptions = {}, root = ROOT): GeneratedFile[] {
  const preset = opts.rolePreset ? findPreset(opts.rolePreset) : undefined;
  if (opts.rolePreset && !preset) {
    throw new Error(`unknown role preset ${opts.rolePreset}`);
  }
  const base = { mapping: preset?.mapping, runbookBaseUrl: opts.runbookBaseUrl, values: opts.values };
  if (opts.forScale !== undefined && opts.forScale !== 1) {
    return prometheusRuleFiles({ ...base, forScale: opts.forScale });
  }
  return ruleFiles({
    ...base,
    datasourceUid: provisionedDatasourceUid(root),
    dashboards: includedDashboards(),
    alertsDoc: readFileSync(join(root, ALERTS_DOC), 'utf8'),
  });
}

export function writeFiles(files: GeneratedFile[], outDir: string): string[] {
  return files.map((f) => {
    const path = join(outDir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.text);
    return path;
  });
}

function parseArgs(argv: string[]): GenerateOptions & { out: string } {
  const opts: GenerateOptions & { out: string } = { out: ROOT };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) {
      throw new Error(`${flag} needs a value`);
    }
    switch (flag) {
      case '--role-preset':
        opts.rolePreset = value;
        break;
      case '--values':
        opts.values = parseRuleValues(readFileSync(value, 'utf8'), value);
        break;
      case '--for-scale':
        opts.forScale = Number(value);
        if (!(opts.forScale > 0)) {
          throw new Error('--for-scale must be a positive number');
        }
        break;
      case '--runbook-base-url':
        if (!/^https?:\/\/[^/]+\/(.*\/)?$/.test(value)) {
          throw new Error('--runbook-base-url must be an absolute http(s) URL ending with "/"');
        }
        opts.runbookBaseUrl = value;
        break;
      case '--out':
        opts.out = value;
        break;
      default:
        throw new Error(`unknown flag ${flag}`);
    }
  }
  return opts;
}

if (require.main === module) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const written = writeFiles(generatedFiles(opts), opts.out);
    console.log(`wrote ${written.length} files:\n  ${written.join('\n  ')}`);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
}
