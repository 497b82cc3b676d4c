/**
 * The compatibility table (docs/compatibility.md): for every panel and alert, which families each simulator
 * profile feeds it from, or what it lacks. A profile's families come from the upstream transcriptions in
 * metrics/upstream/*.json, combined as metrics/upstream/README.md describes each profile; a row's families are
 * the catalog names its queries read. Pure: the caller reads the files (scripts/generate-compatibility.ts).
 */
import { allAlerts } from './rules';
import { panelSignals } from './panelSignals';
import { escapeRegex } from '../queries/escapeRegex';
import { print } from '../queries/promql';
import { everyPanel } from './pages';
import { QUANTITIES, Quantity } from '../queries/signals/quantities';
import { REQUIREMENTS } from '../queries/signals/requirements';
import { ALL_SIGNALS, NameStatus, Signal, SIGNALS } from '../queries/signals/signals';
import { variableContext } from '../queries/context';
import { DEFAULT_ROLE_PRESET, findPreset } from '../settings/rolePresets';

export type ProfileId = 'vllm' | 'vllm-eplb-prs' | 'proposed' | 'sglang' | 'legacy-vllm';

export const PROFILE_IDS: ProfileId[] = ['vllm', 'vllm-eplb-prs', 'proposed', 'sglang', 'legacy-vllm'];

export interface UpstreamFamily {
  name: string;
  type: string;
  labels?: string[];
  condition?: string;
  /** SGLang: `current` or `legacy` definition of a name. */
  shape?: string;
}

/** One metrics/upstream/<source>.json, by its file name without `.json`. */
export type Fixtures = Map<string, { families: UpstreamFamily[] }>;

/** Names of one fixture file, optionally filtered. */
function names(fixtures: Fixtures, file: string, keep: (f: UpstreamFamily) => boolean = () => true): string[] {
  const fixture = fixtures.get(file);
  if (!fixture) {
    throw new Error(`metrics/upstream/${file}.json is missing: the simulator profiles define it`);
  }
  return fixture.families.filter(keep).map((f) => f.name);
}

// Conditional vLLM families the `vllm` profile leaves out (metrics/upstream/README.md); speculative decoding is in.
const VLLM_LEFT_OUT = /^vllm:(corrupted_requests_total|kv_block_|lora_requests_info)/;
const PD_HANDLER = new Set(['llm_d_epp_pd_decision_total', 'llm_d_inference_scheduler_pd_decision_total']);

/** The exposed family names each profile emits, as metrics/upstream/README.md combines the files. */
export function profileFamilies(fixtures: Fixtures, dcgmCountersCsv: string[]): Record<ProfileId, Set<string>> {
  const vllmPods = [...names(fixtures, 'vllm', (f) => !VLLM_LEFT_OUT.test(f.name)), ...names(fixtures, 'vllm-nixl')];
  const router = names(fixtures, 'llm-d-router', (f) => !PD_HANDLER.has(f.name));
  const routerWithHandler = names(fixtures, 'llm-d-router');
  const dcgm = names(fixtures, 'dcgm-exporter', (f) => !f.condition);
  const dcgmCustom = names(fixtures, 'dcgm-exporter', (f) => !f.condition || dcgmCountersCsv.includes(f.name));
  // vLLM ~0.9: the renamed families under their old names, no by-source, NIXL or proposed families.
  const renamed = new Map(
    ALL_SIGNALS.flatMap((s) => (s.names.some((n) => n.status === 'legacy') ? [[s.names[0].name, s] as const] : []))
  );
  const legacyPods = vllmPods
    .filter((n) => !n.startsWith('vllm:nixl_') && !bySourceNames.has(n))
    .flatMap((n) => {
      const s = renamed.get(n);
      return s ? s.names.filter((x) => x.status === 'legacy').map((x) => x.name) : [n];
    });
  return {
    vllm: new Set([...vllmPods, ...router, ...dcgm]),
    'vllm-eplb-prs': new Set([...vllmPods, ...names(fixtures, 'vllm-pr-43715'), ...names(fixtures, 'vllm-pr-49956'), ...router, ...dcgm]),
    proposed: new Set([...vllmPods, ...names(fixtures, 'seeds-proposed'), ...routerWithHandler, ...dcgmCustom]),
    sglang: new Set([...names(fixtures, 'sglang', (f) => f.shape !== 'legacy'), ...router, ...dcgm]),
    'legacy-vllm': new Set([...legacyPods, ...routerWithHandler, ...dcgmCustom]),
  };
}

const bySourceNames = new Set(
  ALL_SIGNALS.filter((s) => s.requires === 'vllm-by-source' || s.requires === 'vllm-waiting-by-reason').flatMap((s) =>
    s.names.map((n) => n.name)
  )
);

export interface Row {
  kind: 'panel' | 'alert';
  /** Page title or alert group. */
  where: string;
  id: string;
  title: string;
  /** Catalog family names the row's queries read, in signal order. */
  families: string[];
  /** The signal the row is about (a panel's first); its quantity's sources, else its names, decide whether a profile feeds it. */
  lead: Signal;
  /** Recording rules the row reads instead of catalog families; `families` are then its signals' names (what the rules read). */
  viaRules?: string[];
  /** Draws in every profile by design (see DRAWS_IN_EVERY_PROFILE). */
  everyProfile?: boolean;
}

/**
 * Panels that draw in every profile by design, whatever a profile exports of their lead signal: the Likely causes
 * table scores every cause, with `evidence="missing"` where a profile exports none of its metrics (docs/causes.md).
 */
export const DRAWS_IN_EVERY_PROFILE: ReadonlySet<string> = new Set(['overview.likelyCauses']);

/** The app's recording rules an expression reads (`llmd:...`), which the catalog does not list as families. */
function rulesRead(exprs: string[]): string[] {
  return [...new Set(exprs.join('\n').match(/(?<![\w:])llmd:[\w:]+/g) ?? [])];
}

/** Every catalog name with the signal it belongs to, longest first so a name is not read as its prefix. */
const CATALOG = ALL_SIGNALS.flatMap((s) => s.names.map((n) => ({ name: n.name, signal: s, status: n.status })));

/** The catalog names an expression reads (a histogram's or summary's parts count as the family). */
export function familiesRead(exprs: string[]): string[] {
  const text = exprs.join('\n');
  return CATALOG.filter(({ name }) => new RegExp(`(?<![\\w:])${escapeRegex(name)}(_bucket|_sum|_count)?(?![\\w:])`).test(text)).map(
    (c) => c.name
  );
}

export function rows(): Row[] {
  const mapping = findPreset(DEFAULT_ROLE_PRESET)!.mapping;
  const panels = everyPanel().map(({ page, panel }) => {
    const ctx = variableContext(mapping, page.filters);
    const exprs = panel.queries(ctx).map((q) => print(q.expr));
    const signals = panelSignals(panel, ctx);
    const lead = signals.length > 0 ? SIGNALS[signals[0]] : undefined;
    const read = familiesRead(exprs);
    // A panel drawing a recording rule is fed by what the rule reads: the signals derived through the rule's tree.
    const viaRules = read.length === 0 ? rulesRead(exprs) : [];
    const families = viaRules.length > 0 ? signals.flatMap((id) => SIGNALS[id].names.map((n) => n.name)) : read;
    return {
      kind: 'panel' as const,
      where: page.title,
      id: panel.id,
      title: panel.title,
      families,
      lead,
      ...(viaRules.length > 0 ? { viaRules } : {}),
      ...(DRAWS_IN_EVERY_PROFILE.has(panel.id) ? { everyProfile: true } : {}),
    };
  });
  const alerts = allAlerts().map((a) => {
    const families = familiesRead([print(a.expr)]);
    // An alert is about the least common family it reads (the by-source counter rather than request_success).
    const read = [...new Set(families.map((f) => CATALOG.find((c) => c.name === f)!.signal))];
    const lead = read.find((x) => x.requires !== 'vllm') ?? read[0];
    return { kind: 'alert' as const, where: 'Alerts', id: a.name, title: a.summary, families, lead };
  });
  return [...panels, ...alerts].filter((r): r is Row => r.families.length > 0 && r.lead !== undefined);
}

const STATUS_MARK: Partial<Record<NameStatus, string>> = {
  'open-pr': ' (open PR)',
  proposed: ' (proposal)',
  alternative: ' (proposal)',
  legacy: ' (legacy name)',
};

/**
 * The quantity the lead signal is one source of, among quantities with a source beyond upstream vLLM (a
 * quantity every vLLM feeds is explained by its requirement instead).
 */
function quantityOf(lead: Signal): Quantity | undefined {
  const beyondUpstream = (q: Quantity) => q.sources.some((s) => s.origin !== 'upstream');
  return Object.values(QUANTITIES as Record<string, Quantity>).find(
    (q) => beyondUpstream(q) && q.sources.some((s) => (s.signals as string[]).includes(lead.id))
  );
}

const hasSignal = (signal: Signal, families: Set<string>) => signal.names.some((n) => families.has(n.name));

/**
 * Whether a profile feeds the row: always for a row that draws in every profile by design; else a whole source of
 * its quantity that the row reads, or a name of its lead signal.
 */
export function fed(row: Row, families: Set<string>): boolean {
  if (row.everyProfile) {
    return true;
  }
  const q = quantityOf(row.lead);
  if (q) {
    const read = new Set(row.families);
    return q.sources.some((src) =>
      src.signals.every((id) => SIGNALS[id].names.some((n) => read.has(n.name) && families.has(n.name)))
    );
  }
  return hasSignal(row.lead, families);
}

/** What an unfed row lacks, shortly: its quantity or its requirement. */
function lacks(row: Row): string {
  const q = quantityOf(row.lead);
  return q ? `no source of ${q.title.toLowerCase()}` : `needs ${REQUIREMENTS[row.lead.requires].title}`;
}

/** One cell: the families the profile feeds the row from, or what it lacks. */
export function cell(row: Row, families: Set<string>): string {
  const present = row.families.filter((f) => families.has(f));
  if (!fed(row, families)) {
    return `— ${lacks(row)}`;
  }
  const listed = present
    .map((f) => {
      const status = CATALOG.find((c) => c.name === f)!.status;
      return `\`${f}\`${STATUS_MARK[status] ?? ''}`;
    })
    .join(', ');
  const via = row.viaRules ? `via ${row.viaRules.join(', ')} from ` : '';
  if (row.everyProfile && !hasSignal(row.lead, families)) {
    return `draws (causes without evidence listed as missing)${listed ? `; evidence from ${listed}` : ''}`;
  }
  return `${via}${listed}`;
}

export const COMPATIBILITY_HEADER = `# Compatibility: what each fleet feeds every panel and alert

Generated by \`npm run compatibility\` (scripts/generate-compatibility.ts) from the app's catalog and the upstream
transcriptions in \`metrics/upstream/\`; a test fails when this file is stale. Columns are the simulator profiles
(\`npm run sim -- --profile <name>\`), combined from those files as \`metrics/upstream/README.md\` says:
\`vllm\` is current upstream vLLM with NIXL and MTP, the llm-d router and dcgm-exporter's default counters;
\`vllm-eplb-prs\` adds the open vLLM pull requests #43715 and #49956; \`proposed\` adds the seeds' proposal (and the
older router's P/D handler and custom DCGM counters); \`sglang\` is SGLang's current collector with the router;
\`legacy-vllm\` is vLLM ~0.9 (removed names, no NIXL or by-source counters).

A cell lists the families the row reads in that profile, marked when they are an open pull request's, a
proposal's or a legacy name; \`—\` says what the fleet lacks (the panel's empty text says what would bring it).
`;

export function renderCompatibility(fixtures: Fixtures, dcgmCountersCsv: string[]): string {
  const byProfile = profileFamilies(fixtures, dcgmCountersCsv);
  const all = rows();
  const sections: string[] = [COMPATIBILITY_HEADER];
  for (const where of [...new Set(all.map((r) => r.where))]) {
    sections.push(`## ${where}\n`);
    sections.push(`| ${where === 'Alerts' ? 'Alert' : 'Panel'} | ${PROFILE_IDS.map((p) => `\`${p}\``).join(' | ')} |`);
    sections.push(`| --- | ${PROFILE_IDS.map(() => '---').join(' | ')} |`);
    for (const row of all.filter((r) => r.where === where)) {
      const name = row.kind === 'alert' ? `\`${row.id}\`` : `${row.title} (\`${row.id}\`)`;
      sections.push(`| ${name.replace(/\|/g, '\\|')} | ${PROFILE_IDS.map((p) => cell(row, byProfile[p]).replace(/\|/g, '\\|')).join(' | ')} |`);
    }
    sections.push('');
  }
  return sections.join('\n');
}
