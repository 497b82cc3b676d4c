/**
 * The Wide EP benchmarks, run by scripts/bench.sh: a stack at 64 engines and 61 layers × 256 experts with the
 * per-expert DEBUG gauge on, the page's queries against it, then the expert matrix render in Chromium.
 *   npx tsx bench/run.ts          (BENCH_WARMUP_SECONDS, default 120: how much history to gather first)
 */
import { startStack } from '../tests/support/stack';
import { benchExpertMatrixRender, printRenderTable } from './expertMatrixRender';
import { benchWideEpQueries, printQueryTable } from './wideEpQueries';

/** 8 prefill + 8 decode pods × 4 engines; 256 + 32 redundant experts divide over each role's 32 ranks. */
const SIM_ARGS = [
  '--prefill-pods',
  '8',
  '--decode-pods',
  '8',
  '--engines-per-pod',
  '4',
  '--layers',
  '61',
  '--experts',
  '256',
  '--redundant-experts',
  '32',
  '--expert-debug',
];
const SCRAPE_SECONDS = 5;
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 120);

async function main() {
  const stack = await startStack({
    scenario: 'steady-wideep',
    simArgs: SIM_ARGS,
    scrapeInterval: `${SCRAPE_SECONDS}s`,
  });
  try {
    console.log(`stack up (${stack.promUrl}); gathering ${WARMUP_SECONDS} s of history`);
    await stack.waitForRange(WARMUP_SECONDS);
    const heads = await stack.api<{ numSeries: number }>('/api/v1/status/tsdb').catch(() => undefined);
    const series = (heads as any)?.headStats?.numSeries;
    if (series) {
      console.log(`Prometheus head series: ${series.toLocaleString('en-US')}`);
    }
    printQueryTable(await benchWideEpQueries(stack.promUrl, SCRAPE_SECONDS));
  } finally {
    await stack.stop();
  }
  console.log('');
  printRenderTable(await benchExpertMatrixRender());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
