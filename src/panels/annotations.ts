/**
 * Page annotations as Grafana annotation queries (the dashboard JSON form), shared by the scenes page and
 * the generated dashboards. Prometheus annotations turn every non-zero sample of `expr` into an event.
 */
import { AnnotationSpec } from '../catalog/panelSpec';
import { QueryContext } from '../queries/context';
import { print } from '../queries/promql';
import { DATASOURCE_REF } from '../queries/variables';

export interface AnnotationModel {
  name: string;
  datasource: { type: string; uid: string };
  enable: boolean;
  iconColor: string;
  expr: string;
  step: string;
  titleFormat: string;
  useValueForTime: boolean;
  target: { refId: string; expr: string; interval: string };
}

export function annotationModel(spec: AnnotationSpec, ctx: QueryContext): AnnotationModel {
  const expr = print(spec.expr(ctx));
  const step = spec.step ?? '30s';
  return {
    name: spec.name,
    datasource: DATASOURCE_REF,
    enable: true,
    iconColor: spec.color,
    expr,
    step,
    titleFormat: spec.titleFormat ?? spec.name,
    useValueForTime: false,
    target: { refId: 'Anno', expr, interval: step },
  };
}
