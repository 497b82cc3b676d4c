/**
 * Drawing the matrix on one canvas. Where OffscreenCanvas exists, one pixel per cell is written and scaled up
 * without smoothing by the GPU; otherwise every canvas pixel is computed into one ImageData. Either way
 * there is one draw call, not one per cell.
 */
import { colorIndex, VIRIDIS_LUT } from './colorScale';
import type { ExpertMatrix } from './matrix';

export interface RenderOptions {
  /** Canvas size in device pixels. */
  width: number;
  height: number;
  /** The keyboard- or mouse-highlighted cell. */
  highlight?: { row: number; col: number };
  /** Colour of cells no series reported. */
  missing?: [number, number, number];
  /** Outline colour of the highlighted cell. */
  highlightColor?: string;
}

/** Which cell a canvas pixel falls in (rows are layers, top to bottom; columns are experts). */
export function cellAt(
  m: ExpertMatrix,
  width: number,
  height: number,
  x: number,
  y: number
): { row: number; col: number } | undefined {
  if (x < 0 || y < 0 || x >= width || y >= height || m.layers.length === 0 || m.experts.length === 0) {
    return undefined;
  }
  return { row: Math.floor((y * m.layers.length) / height), col: Math.floor((x * m.experts.length) / width) };
}

export function renderMatrix(ctx: CanvasRenderingContext2D, m: ExpertMatrix, opts: RenderOptions): void {
  const width = Math.max(1, Math.floor(opts.width));
  const height = Math.max(1, Math.floor(opts.height));
  const rows = m.layers.length;
  const cols = m.experts.length;
  if (rows > 0 && cols > 0 && typeof OffscreenCanvas !== 'undefined') {
    const cells = new OffscreenCanvas(cols, rows);
    const cellCtx = cells.getContext('2d');
    if (cellCtx) {
      fillPixels(cellCtx.createImageData(cols, rows), m, cols, rows, opts, cellCtx);
      ctx.imageSmoothingEnabled = false;
      ctx.clearRect(0, 0, width, height);
      ctx.drawImage(cells, 0, 0, width, height);
      outline(ctx, m, width, height, opts);
      return;
    }
  }
  fillPixels(ctx.createImageData(width, height), m, width, height, opts, ctx);
  outline(ctx, m, width, height, opts);
}

/** Fills an image of `width × height` pixels with the cells it covers, and puts it at the origin. */
function fillPixels(
  image: ImageData,
  m: ExpertMatrix,
  width: number,
  height: number,
  opts: RenderOptions,
  target: { putImageData(image: ImageData, dx: number, dy: number): void }
): void {
  const rows = m.layers.length;
  const cols = m.experts.length;
  const px = image.data;
  const [mr, mg, mb] = opts.missing ?? [40, 40, 40];
  if (rows > 0 && cols > 0) {
    // The column of every x and the colour index of every cell are computed once, not per pixel.
    const colOfX = new Int32Array(width);
    for (let x = 0; x < width; x++) {
      colOfX[x] = Math.floor((x * cols) / width);
    }
    const index = new Int16Array(m.values.length);
    for (let i = 0; i < m.values.length; i++) {
      index[i] = Number.isNaN(m.values[i]) ? -1 : colorIndex(m.values[i], m.min, m.max);
    }
    let p = 0;
    for (let y = 0; y < height; y++) {
      const base = Math.floor((y * rows) / height) * cols;
      for (let x = 0; x < width; x++) {
        const k = index[base + colOfX[x]];
        if (k < 0) {
          px[p] = mr;
          px[p + 1] = mg;
          px[p + 2] = mb;
        } else {
          px[p] = VIRIDIS_LUT[k * 3];
          px[p + 1] = VIRIDIS_LUT[k * 3 + 1];
          px[p + 2] = VIRIDIS_LUT[k * 3 + 2];
        }
        px[p + 3] = 255;
        p += 4;
      }
    }
  }
  target.putImageData(image, 0, 0);
}

/** The highlighted cell's outline, in canvas pixels. */
function outline(
  ctx: CanvasRenderingContext2D,
  m: ExpertMatrix,
  width: number,
  height: number,
  opts: RenderOptions
): void {
  const rows = m.layers.length;
  const cols = m.experts.length;
  if (opts.highlight && rows > 0 && cols > 0) {
    const x0 = Math.floor((opts.highlight.col * width) / cols);
    const x1 = Math.floor(((opts.highlight.col + 1) * width) / cols);
    const y0 = Math.floor((opts.highlight.row * height) / rows);
    const y1 = Math.floor(((opts.highlight.row + 1) * height) / rows);
    ctx.lineWidth = 2;
    ctx.strokeStyle = opts.highlightColor ?? '#ffffff';
    ctx.strokeRect(x0 - 1, y0 - 1, Math.max(3, x1 - x0 + 2), Math.max(3, y1 - y0 + 2));
  }
}
