/**
 * The fleet-scale benchmark (`npm run bench:scale`, not part of `npm test`): for each fleet size, an hour of the
 * simulator's history (61 layers × 256 experts, per-expert DEBUG gauge on) backfilled into Prometheus and into
 * VictoriaMetrics, the shipped recording rules backfilled over it, then every page's, every included dashboard's
 * and the peers' dashboard's queries over that hour, raw and recorded. Prints per page/dashboard: evaluation time
 * (sum over its queries), points returned, samples touched, samples per point, and whether it stays within 1 s,
 * 50,000 points and 10 samples per point. Figures, not assertions.
 *   npm run bench:scale -- --engines 64 [--engines 256] [--backends prometheus,victoria] [--minutes 60] [--scrape 15]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simArgs } from './fleet';
import { renderHistory } from './history';
import { measure, StoreKind } from './measure';
import {
  dashboardGroups,
  grafanaMacros,
  pageDefaults,
  pageGroups,
  peerGroup,
  QueryGroup,
  recordedGroup,
  recordingRules,
} from './queries';
import { prometheusFrom, victoriaFrom } from './stores';

const LIMITS = { evalSeconds: 1, points: 50_000, samplesPerPoint: 10 };

interface Args {
  engines: number[];
  backends: StoreKind[];
  minutes: number;
  scrape: number;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { engines: [], backends: ['prometheus', 'victoria'], minutes: 60, scrape: 15, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) {
        throw new Error(`${argv[i - 1]} needs a value`);
      }
      return v;
    };
    switch (argv[i]) {
      case '--engines':
        args.engines.push(...value().split(',').map(Number));
        break;
      case '--backends':
        args.backends = value().split(',') as StoreKind[];
        break;
      case '--minutes':
        args.minutes = Number(value());
        break;
      case '--scrape':
        args.scrape = Number(value());
        break;
      case '--keep':
        args.keep = true;
        break;
      default:
        throw new Error(
          `unknown flag ${argv[i]}; flags: --engines N[,N] --backends prometheus,victoria --minutes M --scrape S --keep`
        );
    }
  }
  if (args.engines.length === 0) {
    args.engines = [64, 256, 1024];
  }
  const bad = args.engines.find((e) => !Number.isInteger(e) || e < 8 || e % 8 !== 0);
  if (bad !== undefined) {
    throw new Error(`--engines ${bad}: a multiple of 8 (prefill and decode pods of 4 engines each) is needed`);
  }
  if (args.backends.some((b) => b !== 'prometheus' && b !== 'victoria')) {
    throw new Error(`--backends takes prometheus and/or victoria, not ${args.backends.join(',')}`);
  }
  return args;
}

interface GroupFigures {
  name: string;
  style: string;
  queries: number;
  rewritten?: number;
  evalSeconds: number;
  points: number;
  samples: number;
  errors: string[];
  /** Recorded style with no query covered by a rule: the raw figures stand. */
  uncovered?: boolean;
  /** Each query's figures, for the heaviest-query lines. */
  each: Array<{ where: string; samples: number; points: number; evalSeconds: number }>;
}

async function runGroup(
  kind: StoreKind,
  url: string,
  g: QueryGroup,
  window: { start: number; end: number; step: number }
): Promise<GroupFigures> {
  const f: GroupFigures = {
    name: g.name,
    style: g.style,
    queries: g.queries.length,
    evalSeconds: 0,
    points: 0,
    samples: 0,
    errors: [],
    each: [],
  };
  for (const q of g.queries) {
    // A query with its own interval (a panel's minimum step, an annotation's) is asked at the step Grafana computes.
    const step = q.step ?? window.step;
    const m = await measure(kind, url, q.expr, q.instant, { ...window, step });
    f.evalSeconds += m.evalSeconds;
    f.points += m.points;
    f.samples += m.samples;
    f.each.push({ where: q.where, samples: m.samples, points: m.points, evalSeconds: m.evalSeconds });
    if (m.error) {
      f.errors.push(`${q.where}: ${m.error}`);
    }
  }
  return f;
}

const n = (v: number) => Math.round(v).toLocaleString('en-US');

function printTable(title: string, rows: GroupFigures[]): void {
  console.log(`\n${title}`);
  const line = (c: string[]) =>
    `${c[0].padEnd(40)} ${c[1].padEnd(8)} ${c
      .slice(2, 7)
      .map((x, i) => x.padStart([7, 9, 11, 13, 10][i]))
      .join(' ')}  ${c[7]}`;
  console.log(line(['page / dashboard', 'style', 'queries', 'eval s', 'points', 'samples', 'samples/pt', 'verdict']));
  for (const r of rows) {
    const perPoint = r.points > 0 ? r.samples / r.points : 0;
    const over = [
      r.evalSeconds > LIMITS.evalSeconds ? `eval ${r.evalSeconds.toFixed(2)} s > 1 s` : '',
      r.points > LIMITS.points ? `${n(r.points)} points > 50,000` : '',
      perPoint > LIMITS.samplesPerPoint ? `${perPoint.toFixed(1)} samples/pt > 10` : '',
      r.errors.length > 0 ? `${r.errors.length} failed` : '',
    ].filter(Boolean);
    const queries = r.rewritten === undefined ? String(r.queries) : `${r.rewritten}/${r.queries}`;
    if (r.uncovered) {
      console.log(
        line([
          r.name.slice(0, 40),
          r.style,
          queries,
          '-',
          '-',
          '-',
          '-',
          'no shipped rule computes any of its queries: as raw',
        ])
      );
      continue;
    }
    console.log(
      line([
        r.name.slice(0, 40),
        r.style,
        queries,
        r.evalSeconds.toFixed(3),
        n(r.points),
        n(r.samples),
        perPoint.toFixed(2),
        over.length ? `over: ${over.join('; ')}` : 'meets all three',
      ])
    );
  }
  console.log('heaviest queries (raw and peers): by samples touched, by points returned');
  for (const r of rows.filter((x) => x.style !== 'recorded' && x.samples > 0)) {
    const top = (key: 'samples' | 'points') =>
      [...r.each]
        .sort((a, b) => b[key] - a[key])
        .slice(0, 3)
        .map((q) => `${q.where.slice(0, 40)} ${n(q[key])}`)
        .join(', ');
    console.log(`  ${r.name}: ${top('samples')} | ${top('points')}`);
  }
  for (const r of rows.filter((x) => x.errors.length > 0)) {
    console.log(`  ${r.name} (${r.style}) failed queries: ${r.errors.slice(0, 3).join(' | ')}`);
  }
}

async function benchStore(
  kind: StoreKind,
  url: string,
  range: { start: number; end: number },
  scrape: number,
  withRecorded: boolean
): Promise<GroupFigures[]> {
  const timing = { rangeSeconds: range.end - range.start, scrapeSeconds: scrape };
  const { step, macros } = grafanaMacros(timing.rangeSeconds, scrape);
  const window = { ...range, step };
  const defaults = await pageDefaults(url, range.end);
  // Which side each page's recorded-mode gate opened: "recorded" where the backfilled info series answered.
  console.log(
    `${kind}: page gates: ${Object.entries(defaults)
      .filter(([, v]) => 'recorded' in v)
      .map(([page, v]) => `${page}=${v.recorded || '(raw)'}`)
      .join(', ')}`
  );
  const dashboards = await dashboardGroups(url, range.end, timing);
  console.log(`${kind}: dashboard gates: ${dashboards.map((d) => `${d.name}=${d.gate ?? '-'}`).join(', ')}`);
  const raw = [...pageGroups(timing, defaults), ...dashboards];
  const { rules } = recordingRules();
  const rows: GroupFigures[] = [];
  for (const g of raw) {
    rows.push(await runGroup(kind, url, g, window));
    if (withRecorded) {
      const { group, rewritten } = recordedGroup(g, rules);
      // A group no rule covers runs exactly as raw: say so rather than measure it twice.
      rows.push(
        rewritten > 0
          ? { ...(await runGroup(kind, url, group, window)), rewritten }
          : { ...rows[rows.length - 1], style: 'recorded', rewritten, uncovered: true }
      );
    }
  }
  if (withRecorded) {
    const recordedSeries: QueryGroup = {
      name: 'every recorded series, read directly',
      style: 'recorded',
      queries: rules.map((r) => ({ where: r.record, expr: r.record, instant: false })),
    };
    rows.push(await runGroup(kind, url, recordedSeries, window));
  }
  rows.push(await runGroup(kind, url, await peerGroup(url, macros), window));
  return rows;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
  for (const engines of args.engines) {
    const dir = mkdtempSync(join(tmpdir(), `llmd-scale-${engines}-`));
    try {
      const end = Math.floor(Date.now() / 1000 / args.scrape) * args.scrape - 60;
      const start = end - args.minutes * 60;
      const file = join(dir, 'history.om');
      let t = Date.now();
      const h = await renderHistory({ simArgs: simArgs(engines), start, end, scrapeSeconds: args.scrape, file });
      log(
        `${h.engines} engines, ${h.targets} targets, ${n(h.series)} series per scrape, ${h.scrapes} scrapes every ${args.scrape} s: ` +
          `${n(h.samples)} samples rendered in ${((Date.now() - t) / 1000).toFixed(0)} s`
      );
      const { files } = recordingRules();
      const { step } = grafanaMacros(end - start, args.scrape);
      for (const kind of args.backends) {
        t = Date.now();
        const store =
          kind === 'prometheus'
            ? await prometheusFrom(file, join(dir, 'prom'), log)
            : await victoriaFrom(file, join(dir, 'vm'), log);
        try {
          let recorded = true;
          try {
            await store.addRules(files, start, end, args.scrape);
          } catch (err) {
            recorded = false;
            log(`${kind}: recording rules not backfilled, recorded style skipped: ${(err as Error).message}`);
          }
          const rows = await benchStore(kind, store.url, { start, end }, args.scrape, recorded);
          printTable(
            `${kind}, ${h.engines} engines, ${n(h.series)} series, ${args.minutes} min at step ${step} s ` +
              `(recorded: "r/q" = queries a rule covers / queries)`,
            rows
          );
        } finally {
          await store.stop();
        }
      }
    } finally {
      if (args.keep) {
        log(`kept ${dir}`);
      } else {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
