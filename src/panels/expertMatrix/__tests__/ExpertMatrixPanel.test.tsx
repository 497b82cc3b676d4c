import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { FieldType, getDefaultTimeRange, LoadingState, PanelProps, toDataFrame } from '@grafana/data';
import { ExpertMatrixPanel } from '../ExpertMatrixPanel';

const frame = (layer: string, expert: string, value: number) =>
  toDataFrame({
    fields: [{ name: 'Value', type: FieldType.number, values: [value], labels: { layer, expert_id: expert } }],
  });

function props(series: Array<ReturnType<typeof frame>>): PanelProps {
  return {
    data: { series, state: LoadingState.Done, timeRange: getDefaultTimeRange() },
    width: 400,
    height: 200,
    fieldConfig: { defaults: { unit: 'none' }, overrides: [] },
    options: {},
  } as unknown as PanelProps;
}

describe('ExpertMatrixPanel', () => {
  it("shows the panel's own empty text when there is no data", () => {
    const p = props([]);
    p.fieldConfig.defaults.noValue = 'No data: no source in this fleet. Per-expert load needs the proposal.';
    render(<ExpertMatrixPanel {...p} />);
    expect(screen.getByRole('status').textContent).toContain('No data: no source in this fleet. Per-expert load needs the proposal.');
    expect(screen.getByRole('status').textContent).not.toContain('Set EPLBConfig');
  });

  it('without an empty text, says what the per-expert gauge needs', () => {
    render(<ExpertMatrixPanel {...props([])} />);
    expect(screen.getByRole('status').textContent).toContain('debug_per_expert_metrics in builds carrying it');
  });

  it('announces the highlighted cell as arrow keys move it', () => {
    render(<ExpertMatrixPanel {...props([frame('0', '0', 1), frame('0', '1', 3), frame('1', '0', 2)])} />);
    const grid = screen.getByRole('img');
    expect(grid.getAttribute('tabindex')).toBe('0');
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    const live = screen.getByTestId('expert-matrix-live');
    expect(live.textContent).toBe('Layer 0, expert 0: 1, 25.0 % of the layer');
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    expect(live.textContent).toBe('Layer 0, expert 1: 3, 75.0 % of the layer');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(live.textContent).toBe('Layer 1, expert 1: no data');
    fireEvent.keyDown(grid, { key: 'Escape' });
    expect(live.textContent).toBe('');
  });

  it('names the matrix size', () => {
    render(<ExpertMatrixPanel {...props([frame('0', '0', 1), frame('3', '7', 2)])} />);
    expect(screen.getByText('2 layers (rows) × 2 experts (columns)')).toBeTruthy();
  });
});
