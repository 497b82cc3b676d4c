/**
 * The layer × expert load matrix as a panel: one canvas, a viridis scale with its legend, a tooltip on hover
 * and, for keyboards, arrow keys that move a highlighted cell whose description is announced.
 */
import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { formattedValueToString, getValueFormat, GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { describeCell } from './describeCell';
import { EmptyState } from './EmptyState';
import { Legend } from './Legend';
import { cellOf, matrixFromFrames } from './matrix';
import { move, Position } from './navigation';
import { cellAt, renderMatrix } from './render';

const HEADER = 24;

export function ExpertMatrixPanel({ data, width, height, fieldConfig }: PanelProps) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const canvas = useRef<HTMLCanvasElement>(null);
  const matrix = useMemo(() => matrixFromFrames(data.series), [data.series]);
  const [picked, setSelected] = useState<Position | undefined>();
  const [hover, setHover] = useState<{ pos: Position; x: number; y: number } | undefined>();

  const format = useMemo(() => {
    const f = getValueFormat(fieldConfig.defaults.unit ?? 'short');
    return (v: number) => formattedValueToString(f(v, fieldConfig.defaults.decimals ?? undefined));
  }, [fieldConfig.defaults.unit, fieldConfig.defaults.decimals]);

  const gridWidth = Math.max(1, width);
  const gridHeight = Math.max(1, height - HEADER);
  const rows = matrix.layers.length;
  const cols = matrix.experts.length;
  // A new query result may have fewer cells: a highlight outside them is dropped.
  const selected = picked && picked.row < rows && picked.col < cols ? picked : undefined;

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || rows === 0) {
      return;
    }
    const ratio = window.devicePixelRatio || 1;
    el.width = Math.floor(gridWidth * ratio);
    el.height = Math.floor(gridHeight * ratio);
    renderMatrix(ctx, matrix, {
      width: el.width,
      height: el.height,
      highlight: selected ?? hover?.pos,
      highlightColor: theme.isDark ? '#ffffff' : '#000000',
    });
  }, [matrix, gridWidth, gridHeight, selected, hover, rows, theme.isDark]);

  const onMouseMove = useCallback(
    (e: React.MouseEvent<HTMLCanvasElement>) => {
      const rect = e.currentTarget.getBoundingClientRect();
      const x = e.clientX - rect.left;
      const y = e.clientY - rect.top;
      const pos = cellAt(matrix, rect.width, rect.height, x, y);
      setHover(pos ? { pos, x, y } : undefined);
    },
    [matrix]
  );

  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      if (e.key === 'Escape') {
        setSelected(undefined);
        return;
      }
      const next = move(selected, e.key, rows, cols);
      if (next) {
        e.preventDefault();
        setSelected(next);
      }
    },
    [selected, rows, cols]
  );

  if (rows === 0) {
    // The panel's empty text, as Grafana would show it for any other panel type.
    return <EmptyState text={fieldConfig.defaults.noValue} />;
  }

  const announced = selected ? describeCell(cellOf(matrix, selected.row, selected.col), format) : '';
  const tip = hover ? describeCell(cellOf(matrix, hover.pos.row, hover.pos.col), format) : '';

  return (
    // data-series: how many series the panel drew, read by the browser tests as for every other panel.
    <div className={styles.root} style={{ width, height }} data-series={data.series.length}>
      <div className={styles.header}>
        <span>
          {rows} layers (rows) × {cols} experts (columns)
        </span>
        <Legend min={format(matrix.min)} max={format(matrix.max)} />
      </div>
      <div className={styles.grid} style={{ height: gridHeight }}>
        <canvas
          ref={canvas}
          className={styles.canvas}
          style={{ width: gridWidth, height: gridHeight }}
          tabIndex={0}
          role="img"
          aria-label={`Expert load matrix, ${rows} layers by ${cols} experts. Use the arrow keys to read cells.`}
          onMouseMove={onMouseMove}
          onMouseLeave={() => setHover(undefined)}
          onKeyDown={onKeyDown}
          onBlur={() => setSelected(undefined)}
        />
        {hover && (
          <div
            className={styles.tooltip}
            style={{ left: Math.min(hover.x + 12, gridWidth - 220), top: Math.min(hover.y + 12, gridHeight - 40) }}
          >
            {tip}
          </div>
        )}
      </div>
      <div className={styles.srOnly} aria-live="polite" data-testid="expert-matrix-live">
        {announced}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ display: 'flex', flexDirection: 'column', position: 'relative' }),
  header: css({
    height: HEADER,
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
  }),
  grid: css({ position: 'relative' }),
  canvas: css({
    display: 'block',
    imageRendering: 'pixelated',
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 1 },
  }),
  tooltip: css({
    position: 'absolute',
    pointerEvents: 'none',
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0.5, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    boxShadow: theme.shadows.z2,
  }),
  srOnly: css({
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  }),
});
