/**
 * What a simulator profile should show on every page, from the compatibility model (src/catalog/compatibility.ts,
 * the source of docs/compatibility.md): each panel with its queries as its page sends them, whether the profile
 * feeds it, and the text the panel shows when it is empty. The profile tests (integration and browser) hold the
 * running stack to this.
 */
import { familiesRead, fed, profileFamilies, ProfileId, rows } from '../../src/catalog/compatibility';
import { print } from '../../src/queries/promql';
import { loadDcgmCounters, loadFixtures } from '../../src/catalog/compatibilityFiles';
import { everyPanel } from '../../src/catalog/pages';
import { PageSpec, PanelSpec } from '../../src/catalog/panelSpec';
import { panelSignals } from '../../src/catalog/panelSignals';
import { OVERVIEW_PAGE } from '../../src/catalog/pages/overview';
import { QUANTITIES, Quantity } from '../../src/queries/signals/quantities';
import { REQUIREMENTS } from '../../src/queries/signals/requirements';
import { SIGNALS } from '../../src/queries/signals/signals';
import { evidencePanels } from '../../src/catalog/pages/overview/causeEvidence';
import { CAUSES } from '../../src/queries/causes';
import { variableContext } from '../../src/queries/context';
import { panelNoData } from '../../src/panels/buildPanel';
import { ROLE } from './pageQueries';

export interface ProfilePanel {
  page: PageSpec;
  panel: PanelSpec;
  exprs: string[];
  /**
   * Per query: whether it may draw in a profile that does not feed the panel. Only a query reading families
   * none of which is the lead signal's (or a source of its quantity) may: the naive line beside the computed one.
   */
  drawsWithoutSource: boolean[];
  /** As the compatibility table says (src/catalog/compatibility.ts); undefined for panels it has no row for. */
  fed: boolean | undefined;
  /** What the panel shows without data (Grafana's `noValue`). */
  emptyText: string;
  /** The enabling texts the empty text must carry: the lead signal's requirement, or its quantity's `missing`. */
  enablingTexts: string[];
}

export function profilePanels(profile: ProfileId): ProfilePanel[] {
  const families = profileFamilies(loadFixtures(), loadDcgmCounters())[profile];
  const table = new Map(rows().filter((r) => r.kind === 'panel').map((r) => [`${r.where}/${r.id}`, r]));
  return everyPanel().map(({ page, panel }) => {
    const r = table.get(`${page.title}/${panel.id}`);
    const ctx = variableContext(ROLE, page.filters);
    const [first] = panelSignals(panel, ctx);
    const lead = first ? SIGNALS[first] : undefined;
    const quantities = (Object.values(QUANTITIES) as Quantity[]).filter((q) =>
      q.sources.some((s) => lead && (s.signals as string[]).includes(lead.id))
    );
    const exprs = panel.queries(ctx).map((q) => print(q.expr));
    const leadNames = new Set(
      [lead, ...quantities.flatMap((q) => q.sources.flatMap((s) => s.signals.map((id) => SIGNALS[id])))].flatMap((sig) =>
        sig ? sig.names.map((n) => n.name) : []
      )
    );
    return {
      page,
      panel,
      exprs,
      drawsWithoutSource: exprs.map((e) => {
        const read = familiesRead([e]);
        return read.length > 0 && read.every((f) => !leadNames.has(f));
      }),
      fed: r ? fed(r, families) : undefined,
      emptyText: panelNoData(panel, ctx),
      enablingTexts: lead ? [REQUIREMENTS[lead.requires].howTo, ...quantities.map((q) => q.missing)] : [],
    };
  });
}

export interface ProfileEvidencePanel {
  cause: string;
  title: string;
  /** Whether the profile exports the family the panel is led by. */
  fed: boolean;
  /** What the panel shows without data: the missing family and what would bring it. */
  emptyText: string;
}

/** The ranked view's evidence panels (src/catalog/pages/overview/causeEvidence.ts) and whether the profile feeds each. */
export function profileEvidencePanels(profile: ProfileId): ProfileEvidencePanel[] {
  const families = profileFamilies(loadFixtures(), loadDcgmCounters())[profile];
  return CAUSES.flatMap((cause) =>
    evidencePanels(cause.name).map((spec) => ({
      cause: cause.name,
      title: spec.title,
      fed: SIGNALS[spec.lead!].names.some((n) => families.has(n.name)),
      emptyText: panelNoData(spec, variableContext(ROLE, OVERVIEW_PAGE.filters)),
    }))
  );
}
