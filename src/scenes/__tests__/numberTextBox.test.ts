import { EmbeddedScene, SceneFlexLayout, sceneGraph, SceneVariableSet } from '@grafana/scenes';
import { numberVariableValue } from '../../catalog/variableSpecs';
import { buildVariable } from '../buildVariables';
import { NumberTextBoxVariable } from '../NumberTextBoxVariable';

const bounds = { fallback: 2, above: 0, max: 3600 };

describe('numberVariableValue', () => {
  it.each(['2', ' 0.5 ', '.25', '3600', '10.'])('passes %p', (text) => {
    expect(numberVariableValue(text, bounds)).toEqual({ value: String(Number(text.trim())) });
  });

  it.each([
    ['2s', 'not a number'],
    ['1) or on() vector(9', 'not a number'],
    ['1e400', 'not a number'],
    ['0x10', 'not a number'],
    ['-1', 'not a number'],
    ['', 'not a number'],
    ['0', 'outside'],
    ['7200', 'outside'],
    ['NaN', 'not a number'],
  ])('refuses %p with a message and falls back', (text, message) => {
    const r = numberVariableValue(text, bounds);
    expect(r.value).toBe('2');
    expect(r.error).toContain(message);
  });
});

const scenes = new WeakMap<NumberTextBoxVariable, EmbeddedScene>();

/** Interpolates `vector($slo_ttft)` as a panel query would, in a scene holding only the variable. */
function interpolate(variable: NumberTextBoxVariable): string {
  if (!scenes.has(variable)) {
    scenes.set(variable, new EmbeddedScene({ $variables: new SceneVariableSet({ variables: [variable] }), body: new SceneFlexLayout({ children: [] }) }));
  }
  return sceneGraph.interpolate(scenes.get(variable)!, 'vector($slo_ttft)');
}

describe('SLO text box (scenes interpolation, no Grafana needed)', () => {
  const make = (value: string) =>
    buildVariable({ kind: 'textbox', name: 'slo_ttft', label: 'TTFT SLO (s)', value, description: '', number: bounds }) as NumberTextBoxVariable;

  it('puts a typed number into the query', () => {
    const v = make('1.5');
    expect(v).toBeInstanceOf(NumberTextBoxVariable);
    expect(interpolate(v)).toBe('vector(1.5)');
    expect(v.state.error).toBeUndefined();
  });

  it('keeps an injected expression out of the query and says why, keeping what was typed', () => {
    const v = make('1) or on() vector(9');
    expect(interpolate(v)).toBe('vector(2)');
    expect(v.state.value).toBe('1) or on() vector(9');
    expect(String(v.state.error)).toContain('not a number of seconds; using 2');
    v.setValue('2s');
    expect(interpolate(v)).toBe('vector(2)');
    v.setValue('0.8');
    expect(interpolate(v)).toBe('vector(0.8)');
    expect(v.state.error).toBeUndefined();
  });

  it('keeps its bounds when cloned', () => {
    expect(make('abc').clone().getValue()).toBe('2');
  });
});
