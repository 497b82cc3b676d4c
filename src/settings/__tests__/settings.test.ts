import { defaultSettings, resolveSettings, toJsonData } from '../settings';
import { validateLabelName, validateRoleRegex, validateSettings } from '../validateSettings';
import { choosePreset, editRole, editSlo, initialForm } from '../configForm';

describe('resolveSettings', () => {
  it('defaults to the llm-d role label', () => {
    expect(resolveSettings(undefined).role).toEqual({ label: 'llm_d_ai_role', prefill: 'prefill', decode: 'decode' });
  });

  it('keeps valid stored values', () => {
    const s = resolveSettings({
      datasourceUid: 'prom-1',
      rolePreset: 'pod-name',
      role: { label: 'pod', prefill: '.*-p-.*', decode: '.*-d-.*' },
      sloTtftSeconds: 1.5,
    });
    expect(s).toMatchObject({ datasourceUid: 'prom-1', rolePreset: 'pod-name', sloTtftSeconds: 1.5 });
    expect(s.role.prefill).toBe('.*-p-.*');
  });

  it('falls back to defaults for a broken stored mapping instead of breaking pages', () => {
    const s = resolveSettings({ rolePreset: 'custom', role: { label: '9bad', prefill: '(', decode: 'x' } });
    expect(s.role).toEqual(defaultSettings().role);
  });

  it('ignores an unknown preset and non-string fields', () => {
    const s = resolveSettings({ rolePreset: 'nope' as never, role: { label: 42 as never } });
    expect(s.rolePreset).toBe('llm-d-label');
    expect(s.role.label).toBe('llm_d_ai_role');
  });

  it('round-trips through jsonData', () => {
    const s = { ...defaultSettings(), datasourceUid: 'abc' };
    expect(resolveSettings(toJsonData(s))).toEqual(s);
  });
});

describe('validation', () => {
  it.each([
    ['', 'Enter the name'],
    ['1abc', 'not a Prometheus label name'],
    ['a-b', 'not a Prometheus label name'],
    ['__name__', 'internal'],
  ])('rejects label %p', (label, message) => {
    expect(validateLabelName(label)).toContain(message);
  });

  it('accepts a label name', () => {
    expect(validateLabelName('llm_isvc_role')).toBeUndefined();
  });

  it.each([
    ['', 'Enter a regular expression'],
    ['(', 'Prometheus would refuse'],
    ['\\u0070refill', 'Prometheus would refuse'],
    ['[^]x', 'missing closing ]'],
    ['x'.repeat(501), 'under 500'],
    ['(?=x)y', 'Look-ahead'],
    ['(a)\\1', 'Back-references'],
    ['.*', 'matches the empty value'],
  ])('rejects regex %p', (regex, message) => {
    expect(validateRoleRegex(regex, 'prefill')).toContain(message);
  });

  it.each(['(?i)prefill', '\\Qpre.fill\\E', '[[:alpha:]]+-prefill'])('accepts the RE2 form %p', (regex) => {
    expect(validateRoleRegex(regex, 'prefill')).toBeUndefined();
  });

  it('does not fall back to an expression Prometheus refuses once stored', () => {
    const s = resolveSettings({ rolePreset: 'custom', role: { label: 'role', prefill: '\\eprefill', decode: 'decode' } });
    expect(s.role).toEqual(defaultSettings().role);
  });

  it('rejects identical prefill and decode expressions', () => {
    const s = { ...defaultSettings(), role: { label: 'role', prefill: 'x', decode: 'x' } };
    expect(validateSettings(s).roleDecode).toContain('different');
  });

  it('rejects a non-positive SLO', () => {
    expect(validateSettings({ ...defaultSettings(), sloTtftSeconds: 0 }).sloTtftSeconds).toContain('positive');
  });
});

describe('configuration form', () => {
  it('fills the mapping from a preset', () => {
    const f = choosePreset(initialForm(defaultSettings()), 'kserve');
    expect(f.settings.role.label).toBe('llm_isvc_role');
    expect(f.errors).toEqual({});
  });

  it('turns an edited preset into a custom mapping, and back when it matches again', () => {
    let f = editRole(initialForm(defaultSettings()), 'label', 'my_role');
    expect(f.settings.rolePreset).toBe('custom');
    f = choosePreset(f, 'llm-d-label');
    f = editRole(f, 'prefill', 'prefill');
    expect(f.settings.rolePreset).toBe('llm-d-label');
  });

  it('keeps what was typed in an SLO field and reports it invalid', () => {
    const f = editSlo(initialForm(defaultSettings()), 'sloItlSeconds', 'abc');
    expect(f.sloItlText).toBe('abc');
    expect(f.errors.sloItlSeconds).toBeDefined();
  });
});
