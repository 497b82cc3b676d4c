/** The words a tooltip and a screen reader give for one cell. */
import { MatrixCell } from './matrix';

export function describeCell(cell: MatrixCell, formatValue: (v: number) => string): string {
  const value = Number.isNaN(cell.value) ? 'no data' : formatValue(cell.value);
  const share = Number.isNaN(cell.share) ? '' : `, ${(cell.share * 100).toFixed(1)} % of the layer`;
  return `Layer ${cell.layer}, expert ${cell.expert}: ${value}${share}`;
}
