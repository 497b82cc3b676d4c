/** Keyboard movement of the highlighted cell: arrows by one, Home/End to a row's ends, PageUp/PageDown by ten layers. */
export interface Position {
  row: number;
  col: number;
}

export function move(pos: Position | undefined, key: string, rows: number, cols: number): Position | undefined {
  if (rows === 0 || cols === 0) {
    return undefined;
  }
  if (!pos) {
    return ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'].includes(key)
      ? { row: 0, col: 0 }
      : undefined;
  }
  const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
  switch (key) {
    case 'ArrowUp':
      return { row: clamp(pos.row - 1, rows), col: pos.col };
    case 'ArrowDown':
      return { row: clamp(pos.row + 1, rows), col: pos.col };
    case 'ArrowLeft':
      return { row: pos.row, col: clamp(pos.col - 1, cols) };
    case 'ArrowRight':
      return { row: pos.row, col: clamp(pos.col + 1, cols) };
    case 'Home':
      return { row: pos.row, col: 0 };
    case 'End':
      return { row: pos.row, col: cols - 1 };
    case 'PageUp':
      return { row: clamp(pos.row - 10, rows), col: pos.col };
    case 'PageDown':
      return { row: clamp(pos.row + 10, rows), col: pos.col };
    default:
      return undefined;
  }
}
