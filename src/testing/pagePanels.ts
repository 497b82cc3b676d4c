/** A page spec's panels for tests: look one up by id and read the queries it runs with a role mapping. */
import { PageSpec, PanelSpec } from '../catalog/panelSpec';
import { RoleMapping } from '../settings/rolePresets';
import { variableContext } from '../queries/context';
import { DEFAULT } from './fixtures';

export function pagePanels(page: PageSpec, mapping: RoleMapping = DEFAULT) {
  const panels = page.rows.flatMap((r) => r.panels);
  const ctx = variableContext(mapping, page.filters);
  const byId = (id: string): PanelSpec => {
    const p = panels.find((x) => x.id === id);
    if (!p) {
      throw new Error(`no panel ${id} on ${page.id}`);
    }
    return p;
  };
  const exprs = (id: string) => byId(id).queries(ctx).map((q) => q.expr);
  return { panels, ctx, byId, exprs };
}
