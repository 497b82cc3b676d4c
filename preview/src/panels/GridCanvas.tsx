import React, { useEffect, useRef } from 'react';
import { useTheme2 } from '@grafana/ui';
import { Row } from './rowsOf';

interface Props {
  rows: Row[];
  width: number;
  height: number;
  from: number;
  to: number;
  /** Colour of one cell. */
  color: (row: Row, value: number) => string;
  testId: string;
}

const LABEL_WIDTH = 140;

/** Rows × time drawn on one canvas: shared by the heatmap and state timeline stand-ins. */
export function GridCanvas({ rows, width, height, from, to, color, testId }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const theme = useTheme2();
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) {
      return;
    }
    const ratio = window.devicePixelRatio || 1;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    ctx.scale(ratio, ratio);
    ctx.clearRect(0, 0, width, height);
    const plotW = Math.max(10, width - LABEL_WIDTH);
    const rowH = Math.max(2, (height - 16) / Math.max(1, rows.length));
    const x = (t: number) => LABEL_WIDTH + ((t - from) / Math.max(1, to - from)) * plotW;
    ctx.font = '11px sans-serif';
    ctx.textBaseline = 'middle';
    rows.forEach((row, r) => {
      const y = r * rowH;
      if (rowH >= 10) {
        ctx.fillStyle = theme.colors.text.secondary;
        ctx.fillText(row.name.slice(0, 22), 4, y + rowH / 2);
      }
      for (let i = 0; i < row.times.length; i++) {
        const v = row.values[i];
        if (v === null || v === undefined || Number.isNaN(v)) {
          continue;
        }
        const x0 = x(row.times[i]);
        const x1 = i + 1 < row.times.length ? x(row.times[i + 1]) : x(to);
        ctx.fillStyle = color(row, v);
        ctx.fillRect(x0, y + 1, Math.max(1, x1 - x0), rowH - 2);
      }
    });
    ctx.fillStyle = theme.colors.text.secondary;
    ctx.fillText(new Date(from).toLocaleTimeString(), LABEL_WIDTH, height - 7);
    const end = new Date(to).toLocaleTimeString();
    ctx.fillText(end, width - ctx.measureText(end).width - 4, height - 7);
  }, [rows, width, height, from, to, color, theme]);
  return <canvas ref={ref} data-testid={testId} data-series={rows.length} style={{ width, height }} />;
}
