/** The trace data source setting: stored, validated, resolved for the pages, and edited in the form. */
import { defaultSettings, resolveSettings, toJsonData } from '../settings';
import { validateSettings } from '../validateSettings';
import { chooseTraceDatasource, editTraceService, initialForm } from '../configForm';

describe('trace data source setting', () => {
  it('is absent by default, so no page links to traces', () => {
    expect(resolveSettings({}).traces).toBeUndefined();
    expect(toJsonData(defaultSettings())).not.toHaveProperty('traces');
  });

  it('keeps a stored Tempo or Jaeger data source and round-trips through jsonData', () => {
    const s = resolveSettings({ traces: { datasourceUid: 'tempo-1', datasourceType: 'tempo', serviceName: 'vllm' } });
    expect(s.traces).toEqual({ datasourceUid: 'tempo-1', datasourceType: 'tempo', serviceName: 'vllm' });
    expect(resolveSettings(toJsonData(s))).toEqual(s);
  });

  it.each([
    ['an unknown type', { datasourceUid: 'x', datasourceType: 'zipkin' }],
    ['no uid', { datasourceType: 'tempo' }],
    ['a malformed uid', { datasourceUid: 'a b/c', datasourceType: 'tempo' }],
    ['Jaeger without a service name', { datasourceUid: 'j', datasourceType: 'jaeger' }],
    ['a service name with a quote', { datasourceUid: 't', datasourceType: 'tempo', serviceName: 'a"b' }],
    ['a service name with a template', { datasourceUid: 't', datasourceType: 'tempo', serviceName: '${x}' }],
  ])('ignores a stored setting with %s and keeps the rest', (_what, traces) => {
    const s = resolveSettings({ traces: traces as never, sloTtftSeconds: 1.5 });
    expect(s.traces).toBeUndefined();
    expect(s.sloTtftSeconds).toBe(1.5);
  });

  it('explains what Jaeger needs and what a service name may hold', () => {
    const jaeger = validateSettings({ ...defaultSettings(), traces: { datasourceUid: 'j', datasourceType: 'jaeger' } });
    expect(jaeger.traceServiceName).toContain('OTEL_SERVICE_NAME');
    const quoted = validateSettings({ ...defaultSettings(), traces: { datasourceUid: 't', datasourceType: 'tempo', serviceName: 'a"b' } });
    expect(quoted.traceServiceName).toContain('without quotes');
    expect(validateSettings({ ...defaultSettings(), traces: { datasourceUid: 't', datasourceType: 'tempo' } })).toEqual({});
  });
});

describe('configuration form: traces', () => {
  it('picking a trace data source turns links on, clearing it turns them off', () => {
    let f = chooseTraceDatasource(initialForm(defaultSettings()), { uid: 'tempo-1', type: 'tempo' });
    expect(f.settings.traces).toEqual({ datasourceUid: 'tempo-1', datasourceType: 'tempo' });
    f = chooseTraceDatasource(f, undefined);
    expect(f.settings.traces).toBeUndefined();
  });

  it('refuses a data source that is neither Tempo nor Jaeger', () => {
    const f = chooseTraceDatasource(initialForm(defaultSettings()), { uid: 'loki-1', type: 'loki' });
    expect(f.settings.traces).toBeUndefined();
  });

  it('keeps the service name across a data source change and asks for one on Jaeger', () => {
    let f = chooseTraceDatasource(initialForm(defaultSettings()), { uid: 'j', type: 'jaeger' });
    expect(f.errors.traceServiceName).toBeDefined();
    f = editTraceService(f, 'vllm-engine');
    expect(f.errors).toEqual({});
    f = chooseTraceDatasource(f, { uid: 't', type: 'tempo' });
    expect(f.settings.traces).toEqual({ datasourceUid: 't', datasourceType: 'tempo', serviceName: 'vllm-engine' });
    f = editTraceService(f, '');
    expect(f.settings.traces).toEqual({ datasourceUid: 't', datasourceType: 'tempo' });
  });

  it('ignores a service name typed without a trace data source', () => {
    const start = initialForm(defaultSettings());
    expect(editTraceService(start, 'x')).toBe(start);
  });
});

describe('a blank service name', () => {
  it.each(['', '   '])('%p means every service on Tempo, and is missing on Jaeger', (serviceName) => {
    expect(validateSettings({ ...defaultSettings(), traces: { datasourceUid: 't', datasourceType: 'tempo', serviceName } })).toEqual({});
    expect(resolveSettings({ traces: { datasourceUid: 't', datasourceType: 'tempo', serviceName } }).traces).toEqual({
      datasourceUid: 't',
      datasourceType: 'tempo',
    });
    const jaeger = { datasourceUid: 'j', datasourceType: 'jaeger' as const, serviceName };
    expect(validateSettings({ ...defaultSettings(), traces: jaeger }).traceServiceName).toContain('OTEL_SERVICE_NAME');
    expect(resolveSettings({ traces: jaeger }).traces).toBeUndefined();
  });
});
