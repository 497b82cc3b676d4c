/**
 * What the Wide EP page draws at DeepSeek scale (61 layers × 256 experts): the layer control starts at one
 * layer, worst-balanced first, with All still on offer; the per-expert panels follow it and the series count
 * sits beside the matrix. Exact strings, parsed by the grammar; the scene variable is built by @grafana/scenes
 * itself and the dashboard variable resolved by Grafana's selection rules (src/testing/grafanaInterpolation.ts).
 */
import { QueryVariable } from '@grafana/scenes';
import { print } from '../../queries/promql';
import { VariableSort } from '@grafana/schema';
import { WIDE_EP_PAGE } from '../pages/wideEp';
import { pageVariables, VariableSpec } from '../variableSpecs';
import { dashboardFor } from '../../dashboards/dashboardModel';
import { buildVariable } from '../../scenes/buildVariables';
import { CLASSIC_ESCAPING } from '../../testing/grafanaInterpolation';
import {
  OptionSource,
  pickAll,
  pickDefaults,
  resolveVariables,
  SavedDashboard,
} from '../../testing/dashboardScenarios';
import { DEFAULT } from '../../testing/fixtures';
import { pagePanels } from '../../testing/pagePanels';
import { interpolate, promqlSyntaxErrors } from '../../testing/promqlGrammar';

const { byId, exprs, ctx } = pagePanels(WIDE_EP_PAGE);
const FILTERS = 'namespace=~"$namespace",model_name=~"$model",engine=~"$engine"';
const layersOf = (op: string, name: string) => `${op} by(layer) ({__name__=~"${name}",${FILTERS}})`;
const LAYER_QUERY =
  `query_result(sort((${layersOf('min', 'vllm:eplb_balancedness_ratio')}) or ` +
  `((${layersOf('count', 'sglang:eplb_gpu_physical_count_count')}) or ` +
  `(${layersOf('count', 'vllm:expert_load_per_expert_tokens_DEBUG')}))))`;

function layerSpec(): Extract<VariableSpec, { kind: 'query' }> {
  const v = pageVariables(WIDE_EP_PAGE, DEFAULT).find((x) => x.name === 'layer');
  if (!v || v.kind !== 'query') {
    throw new Error('the Wide EP page has no layer query variable');
  }
  return v;
}

describe('Wide EP layer control', () => {
  it('lists layers worst-balanced first, from whichever per-layer family the fleet has', () => {
    const v = layerSpec();
    expect(v.query).toBe(LAYER_QUERY);
    expect(promqlSyntaxErrors(interpolate(v.query.replace(/^query_result\((.*)\)$/s, '$1')))).toEqual([]);
    expect(v).toMatchObject({ keepOrder: true, startAtFirst: true, multi: true, includeAll: true, allValue: '.*' });
  });

  it("in the app, starts at the first option in the query's order, All still offered (scenes QueryVariable)", () => {
    const state = (buildVariable(layerSpec()) as QueryVariable).state;
    expect(state.defaultToAll).toBe(false);
    expect(state.includeAll).toBe(true);
    expect(state.sort).toBe(VariableSort.disabled);
  });

  describe("in the included dashboard (Grafana's selection rules)", () => {
    const saved = JSON.parse(JSON.stringify(dashboardFor(WIDE_EP_PAGE))) as SavedDashboard;
    const layer = saved.templating.list.find((v) => v.name === 'layer')!;
    // query_result lines as Grafana writes them, in Prometheus' order: worst-balanced layer 17 first.
    const options: OptionSource = async (v) =>
      v.name === 'layer'
        ? ['{layer="17"} 0.61 1700000000000', '{layer="3"} 0.8 1700000000000', '{layer="40"} 0.97 1700000000000']
        : [];

    it('has no All default and keeps the query order', () => {
      expect(layer.current).toBeUndefined();
      expect((layer as { sort?: number }).sort).toBe(VariableSort.disabled);
      expect(layer.includeAll).toBe(true);
    });

    it('selects the worst-balanced layer by default, and All when a user picks it', async () => {
      expect((await resolveVariables(saved, options, pickDefaults, CLASSIC_ESCAPING)).layer.value).toEqual(['17']);
      expect((await resolveVariables(saved, options, pickAll, CLASSIC_ESCAPING)).layer.value).toEqual(['$__all']);
    });
  });
});

describe('Wide EP per-expert panels', () => {
  it('follow the layer control, so they draw one layer by default', () => {
    for (const id of ['wideep.expertMatrix', 'wideep.hotExperts', 'wideep.tokensPerRank', 'wideep.layerImbalance']) {
      exprs(id).forEach((e) => expect({ id, e, layer: e.includes('layer=~"$layer"') }).toEqual({ id, e, layer: true }));
    }
  });

  it('show beside the matrix how many per-expert series it draws and how many are exported', () => {
    const row = WIDE_EP_PAGE.rows.find((r) => r.panels.some((p) => p.id === 'wideep.expertMatrix'))!;
    const at = row.panels.findIndex((p) => p.id === 'wideep.expertMatrix');
    const [matrix, count] = [row.panels[at], row.panels[at + 1]];
    expect(count.id).toBe('wideep.expertSeries');
    expect(count.viz).toBe('stat');
    expect((matrix.width ?? 0) + (count.width ?? 0)).toBe(24);
    expect(count.height).toBe(matrix.height);
    const queries = count.queries(ctx);
    expect(queries.map((q) => [print(q.expr), q.legend, q.instant])).toEqual([
      [
        'count by(model_name) (vllm:expert_load_per_expert_tokens_DEBUG{model_name=~"$model",namespace=~"$namespace",engine=~"$engine",layer=~"$layer"})',
        '{{model_name}} drawn (selected layers)',
        true,
      ],
      [
        'count by(model_name) (vllm:expert_load_per_expert_tokens_DEBUG{model_name=~"$model",namespace=~"$namespace",engine=~"$engine"})',
        '{{model_name}} exported (all layers)',
        true,
      ],
    ]);
    queries.forEach((q) => expect(promqlSyntaxErrors(interpolate(print(q.expr)))).toEqual([]));
  });

  it('keep the balancedness heatmap on every layer: one row per layer, where a user finds the layer to pick', () => {
    // Recorded mode reads the per-layer record with no layer scope; the raw side the gauge under the filters only.
    expect(exprs('wideep.balancednessHeatmap')).toEqual([
      '(min by(layer) (sum by(model_name, role, layer) (model_role_layer:vllm_eplb_balancedness_ratio:min{model_name=~"$model",llmd_recorded!~"$recorded"}))) or ' +
        '(min by(layer) (min by(model_name, role, layer) (label_replace(label_replace(min by(model_name, llm_d_ai_role, layer) ' +
        '(vllm:eplb_balancedness_ratio{model_name=~"$model",namespace=~"$namespace",engine=~"$engine",llmd_recorded=~"$recorded"}), ' +
        '"role", "prefill", "llm_d_ai_role", "prefill"), "role", "decode", "llm_d_ai_role", "decode"))))',
    ]);
    expect(byId('wideep.balancednessHeatmap').description).toContain('Every layer');
  });
});
