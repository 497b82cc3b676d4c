import { dataLayers, SceneDataLayerSet } from '@grafana/scenes';
import { PageSpec } from '../catalog/panelSpec';
import { annotationModel } from '../panels/annotations';
import { variableContext } from '../queries/context';
import { AppSettings } from '../settings/settings';

/** The page's annotation queries as scenes data layers; undefined when the page has none. */
export function buildAnnotationLayers(page: PageSpec, settings: AppSettings): SceneDataLayerSet | undefined {
  if (!page.annotations?.length) {
    return undefined;
  }
  const ctx = variableContext(settings.role, page.filters);
  return new SceneDataLayerSet({
    layers: page.annotations.map(
      (spec) =>
        new dataLayers.AnnotationsDataLayer({
          name: spec.name,
          isEnabled: true,
          isHidden: false,
          // Grafana's annotation model is looser than its TypeScript type; the Prometheus data source reads expr/step.
          query: annotationModel(spec, ctx) as never,
        })
    ),
  });
}
