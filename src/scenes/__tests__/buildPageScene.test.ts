import {
  CustomVariable,
  DataSourceVariable,
  QueryVariable,
  SceneDataTransformer,
  SceneQueryRunner,
  sceneGraph,
  VizPanel,
} from '@grafana/scenes';
import { VariableHide } from '@grafana/schema';
import { OVERVIEW_PAGE } from '../../catalog/pages/overview';
import { PREFILL_DECODE_PAGE } from '../../catalog/pages/prefillDecode';
import { defaultSettings, resolveSettings } from '../../settings/settings';
import { evidencePanels } from '../../catalog/pages/overview/causeEvidence';
import { CAUSES } from '../../queries/causes';
import { buildPageScene } from '../buildPageScene';
import { findDataSourceProblem } from '../DataSourceNotice';
import { SPEC_PAGES } from '../../catalog/pages';
import { interpolate, promqlSyntaxErrors } from '../../testing/promqlGrammar';

function panelsOf(scene: ReturnType<typeof buildPageScene>): VizPanel[] {
  return sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
}

describe('page scenes', () => {
  // SceneDataQuery has an index signature, so a builder's tree put in `expr` type-checks and would reach Grafana
  // as an object: every runner of every page, extras included, must hold printed PromQL that parses.
  it.each(SPEC_PAGES.map((p) => [p.title, p] as const))('%s: every query runner, extras included, sends PromQL text', (_, page) => {
    const scene = buildPageScene(page, defaultSettings());
    const runners = sceneGraph.findAllObjects(scene, (o) => o instanceof SceneQueryRunner) as SceneQueryRunner[];
    expect(runners.length).toBeGreaterThan(0);
    for (const runner of runners) {
      for (const q of runner.state.queries) {
        const expr: unknown = (q as { expr?: unknown }).expr;
        expect({ refId: q.refId, type: typeof expr }).toEqual({ refId: q.refId, type: 'string' });
        expect(promqlSyntaxErrors(interpolate(expr as string))).toEqual([]);
      }
    }
  });

  it('builds one panel per spec panel (and the causes view evidence panels), each with its own runner on the data source variable', () => {
    const scene = buildPageScene(OVERVIEW_PAGE, defaultSettings());
    const panels = panelsOf(scene);
    const specKeys = OVERVIEW_PAGE.rows.flatMap((r) => r.panels.map((p) => p.id));
    const evidenceKeys = CAUSES.flatMap((c) => evidencePanels(c.name).map((p) => p.id));
    expect(panels.map((p) => p.state.key).sort()).toEqual([...specKeys, ...evidenceKeys].sort());
    for (const p of panels) {
      // Panels with transformations (tables) wrap their runner in a transformer.
      const data = p.state.$data;
      const runner = (data instanceof SceneDataTransformer ? data.state.$data : data) as SceneQueryRunner;
      expect(runner).toBeInstanceOf(SceneQueryRunner);
      expect(runner.state.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(runner.state.queries.length).toBeGreaterThan(0);
    }
  });

  it('offers the data source first, then the page filters narrowing each other', () => {
    const scene = buildPageScene(PREFILL_DECODE_PAGE, resolveSettings({ datasourceUid: 'prom-a' }));
    const vars = scene.state.$variables!.state.variables;
    expect(vars.map((v) => v.state.name)).toEqual(['datasource', 'namespace', 'model', 'role', 'pod', 'engine', 'recorded']);
    expect((vars[0] as DataSourceVariable).state.value).toBe('prom-a');
    // Recorded mode's gate (queries/recorded.ts): hidden, one value picked by its regex from the rules' info series.
    const gate = vars[6] as QueryVariable;
    expect(gate.state).toMatchObject({ hide: VariableHide.hideVariable, regex: '/gate="(recorded)"/', isMulti: false, includeAll: false });
    expect(gate.state.query).toMatchObject({
      query: expect.stringMatching(/^query_result\(\(+llmd:recording_rules:info\{window="5m",roles="llm_d_ai_role\|prefill\|decode"\}/),
    });
    const pod = vars[4] as QueryVariable;
    expect(pod.state.query).toEqual({
      refId: 'PrometheusVariableQueryEditor-VariableQuery',
      query:
        'label_values(vllm:num_requests_running{namespace=~"$namespace",model_name=~"$model",llm_d_ai_role=~"${role:pipe}"}, pod)',
    });
  });

  it('derives role options from the configured mapping, escaped for PromQL strings', () => {
    const settings = resolveSettings({
      rolePreset: 'custom',
      role: { label: 'pod', prefill: '.*-p\\d-.*', decode: '.*-d\\d-.*' },
    });
    const scene = buildPageScene(PREFILL_DECODE_PAGE, settings);
    const role = scene.state.$variables!.getByName('role') as CustomVariable;
    expect(JSON.parse(role.state.query)).toEqual([
      { text: 'prefill', value: '(?:.*-p\\\\d-.*)' },
      { text: 'decode', value: '(?:.*-d\\\\d-.*)' },
    ]);
    const queries = panelsOf(scene).flatMap((p) => (p.state.$data as SceneQueryRunner).state.queries);
    expect(queries[0].expr).toContain('"role", "prefill", "pod", ".*-p\\\\d-.*"');
  });

  it('changes its queries when the role configuration changes', () => {
    const a = panelsOf(buildPageScene(PREFILL_DECODE_PAGE, resolveSettings({ rolePreset: 'kserve' })));
    const b = panelsOf(buildPageScene(PREFILL_DECODE_PAGE, resolveSettings({ rolePreset: 'job-per-role' })));
    const exprA = (a[0].state.$data as SceneQueryRunner).state.queries[0].expr;
    const exprB = (b[0].state.$data as SceneQueryRunner).state.queries[0].expr;
    expect(exprA).toContain('llm_isvc_role');
    expect(exprB).toContain('"job", ".*prefill.*"');
  });
});

describe('data source problems', () => {
  const proms = [{ uid: 'a', name: 'Prometheus A' }];
  it('reports a missing Prometheus', () => {
    expect(findDataSourceProblem(undefined, [])?.title).toBe('No Prometheus data source');
  });
  it('reports a configured uid that no longer exists', () => {
    expect(findDataSourceProblem('gone', proms)?.severity).toBe('warning');
  });
  it('is quiet when the configured data source exists or none is configured', () => {
    expect(findDataSourceProblem('a', proms)).toBeUndefined();
    expect(findDataSourceProblem(undefined, proms)).toBeUndefined();
  });
});
