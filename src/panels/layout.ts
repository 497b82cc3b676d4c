/**
 * Grid positions of a page's rows and panels (24 columns), shared by the app's grid and the dashboards.
 * Panels flow left to right and wrap; every row starts on a new line below a one-unit row header.
 */
export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Sized {
  width: number;
  height: number;
}

export interface RowLayout<T> {
  y: number;
  items: Array<{ item: T; pos: GridPos }>;
  /** First free y below the row. */
  bottom: number;
}

export const GRID_COLUMNS = 24;

export function layoutRows<T extends Sized>(rows: T[][]): Array<RowLayout<T>> {
  const out: Array<RowLayout<T>> = [];
  let y = 0;
  for (const row of rows) {
    const rowY = y;
    y += 1; // the row header
    let x = 0;
    let lineHeight = 0;
    const items: RowLayout<T>['items'] = [];
    for (const item of row) {
      const w = Math.min(item.width, GRID_COLUMNS);
      if (x + w > GRID_COLUMNS) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      items.push({ item, pos: { x, y, w, h: item.height } });
      x += w;
      lineHeight = Math.max(lineHeight, item.height);
    }
    y += lineHeight;
    out.push({ y: rowY, items, bottom: y });
  }
  return out;
}
