/**
 * Times renderMatrix in real Chromium (playwright-core, /usr/bin/chromium) at 1k, 4k and 15.6k cells on a
 * panel-sized canvas, and prints ms per render. Asserts nothing about time.
 *   npx tsx bench/expertMatrixRender.ts
 */
import { build } from 'esbuild';
import { resolve } from 'path';
import { launch } from '../tests/support/browser';

const SIZES: Array<[number, number]> = [
  [8, 128],
  [16, 256],
  [61, 256],
];
const CANVAS = { width: 1400, height: 560 };
const RENDERS = 40;

/** The drawing code and the synthetic matrix as one browser script exposing `window.matrixBench`. */
async function bundle(): Promise<string> {
  const dir = resolve(__dirname, '../src/panels/expertMatrix');
  const out = await build({
    stdin: {
      contents: `export { renderMatrix } from './render'; export { syntheticMatrix } from './synthetic';`,
      resolveDir: dir,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'matrixBench',
    write: false,
    target: 'es2020',
  });
  return out.outputFiles[0].text;
}

export interface RenderTiming {
  cells: number;
  layers: number;
  experts: number;
  medianMs: number;
  p95Ms: number;
}

export async function benchExpertMatrixRender(): Promise<RenderTiming[]> {
  const script = await bundle();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.setContent(`<canvas id="c" width="${CANVAS.width}" height="${CANVAS.height}"></canvas>`);
    await page.addScriptTag({ content: script });
    const results: RenderTiming[] = [];
    for (const [layers, experts] of SIZES) {
      const times = await page.evaluate(
        ({ layers, experts, renders, canvas }) => {
          const bench = (window as any).matrixBench;
          const ctx = (document.getElementById('c') as HTMLCanvasElement).getContext('2d')!;
          const m = bench.syntheticMatrix(layers, experts);
          const opts = { ...canvas, highlight: { row: 1, col: 1 } };
          for (let i = 0; i < 5; i++) {
            bench.renderMatrix(ctx, m, opts);
          }
          const out: number[] = [];
          for (let i = 0; i < renders; i++) {
            const t0 = performance.now();
            bench.renderMatrix(ctx, m, opts);
            // Reading a pixel back waits for the draw to land, not just to be queued.
            ctx.getImageData(0, 0, 1, 1);
            out.push(performance.now() - t0);
          }
          return out;
        },
        { layers, experts, renders: RENDERS, canvas: CANVAS }
      );
      times.sort((a, b) => a - b);
      results.push({
        cells: layers * experts,
        layers,
        experts,
        medianMs: times[Math.floor(times.length / 2)],
        p95Ms: times[Math.floor(times.length * 0.95)],
      });
    }
    return results;
  } finally {
    await browser.close();
  }
}

export function printRenderTable(rows: RenderTiming[]): void {
  console.log(`Expert matrix render, ${CANVAS.width} × ${CANVAS.height} canvas, ${RENDERS} renders each (Chromium)`);
  console.log('cells     layers × experts   median ms   p95 ms');
  for (const r of rows) {
    console.log(
      `${String(r.cells).padEnd(9)} ${`${r.layers} × ${r.experts}`.padEnd(18)} ${r.medianMs.toFixed(2).padStart(9)} ${r.p95Ms
        .toFixed(2)
        .padStart(8)}`
    );
  }
}

if (require.main === module) {
  benchExpertMatrixRender()
    .then(printRenderTable)
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
