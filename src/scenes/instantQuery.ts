/**
 * An instant Prometheus query for a SceneQueryRunner, printed from the builder's tree. The runner takes any
 * field on a query (`interface SceneDataQuery extends DataQuery { [key: string]: any; ... }` in @grafana/scenes
 * 8.19.0, dist/index.d.ts), so a tree put in `expr` directly would type-check and reach Grafana as an object;
 * this is the one edge where such queries are printed (src/scenes/__tests__/buildPageScene.test.ts holds it).
 */
import type { SceneDataQuery } from '@grafana/scenes';
import { Expr, print } from '../queries/promql';

export function instantQuery(refId: string, expr: Expr, legendFormat?: string): SceneDataQuery {
  return { refId, expr: print(expr), instant: true, range: false, ...(legendFormat ? { legendFormat } : {}) };
}
