/** A page spec's panels for tests: look one up by id and read the queries it runs with a role mapping. */
import { panelsOf } from '../catalog/pages';
import { PageSpec, PanelSpec } from '../catalog/panelSpec';
import { RoleMapping } from '../settings/rolePresets';
import { variableContext } from '../queries/context';
import { print } from '../queries/promql';
import { DEFAULT } from './fixtures';

/** The page's panel with this id; a test naming a panel the page lacks fails with the names it looked for. */
export function findPanel(page: PageSpec, id: string): PanelSpec {
  const panel = panelsOf(page).find((p) => p.id === id);
  if (!panel) {
    throw new Error(`no panel ${id} on ${page.id}`);
  }
  return panel;
}

export function pagePanels(page: PageSpec, mapping: RoleMapping = DEFAULT) {
  const panels = panelsOf(page);
  const ctx = variableContext(mapping, page.filters);
  const byId = (id: string): PanelSpec => findPanel(page, id);
  const exprs = (id: string) => byId(id).queries(ctx).map((q) => print(q.expr));
  return { panels, ctx, byId, exprs };
}
