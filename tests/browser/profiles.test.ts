/**
 * Every app page on each non-default simulator profile — `vllm` (current upstream vLLM, the router and
 * dcgm-exporter's default counters: what real fleets run today), `sglang`, `vllm-eplb-prs` and `legacy-vllm`; the
 * default `proposed` is tests/browser/pages.test.ts — in Chromium on the preview host, against a real Prometheus with the shipped rules:
 * each panel the compatibility table (docs/compatibility.md) says the profile feeds draws series; each it says has
 * no source draws none and shows its whole empty text, which says what would enable it; on the Overview, each
 * evidence panel of the ranked causes view whose family the profile lacks says which evidence is missing. No node_exporter runs, as
 * no profile has one. One stack per profile, started in turn. Screenshots go to
 * artifacts/screenshots/profile-<profile>-<route>.png.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProfileId } from '../../src/catalog/compatibility';
import { SPEC_PAGES } from '../../src/catalog/pages';
import { waitForPanels, watchedPage } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';
import { profileEvidencePanels, profilePanels } from '../support/profilePanels';
import { ROOT } from '../support/stack';

const PROFILES: ProfileId[] = ['vllm', 'sglang', 'vllm-eplb-prs', 'legacy-vllm'];
const PLUGIN = JSON.parse(readFileSync(join(ROOT, 'src/plugin.json'), 'utf8'));
const SHOTS = join(ROOT, 'artifacts/screenshots');
const RULES = join(ROOT, 'deploy/prometheus/rules');
const RULE_FILES = readdirSync(RULES).filter((f) => f.endsWith('.yml')).map((f) => join(RULES, f));

/** Panels fed in every profile that rightly stay empty in a healthy stack, with the text they show then. */
const EMPTY_WHEN_HEALTHY: Record<string, string> = {
  'health.down': 'Every target is up.',
  'alerts.active': 'No alert is pending or firing.',
  // The simulator rebalances every 60 s; the stack may not have seen one complete yet.
  'wideep.sinceRearrangement': 'No rearrangement completed in the selected range.',
  // Its quantiles are absent, not NaN, until a rearrangement completes in the range.
  'wideep.rearrangementDuration': 'No rearrangement completed in the selected range.',
};

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe.each(PROFILES)('every page on the %s profile (Chromium, real Prometheus, simulator steady-pd)', (PROFILE) => {
  const PANELS = profilePanels(PROFILE);
  const EVIDENCE = profileEvidencePanels(PROFILE);
  const env = useBrowserStack({ scenario: 'steady-pd', simArgs: ['--profile', PROFILE, '--expert-debug'], ruleFiles: RULE_FILES });
  const pages = SPEC_PAGES.map((spec) => ({ spec, name: spec.title }));

  it.each(pages.map((p) => [p.name, p]))('%s: each panel draws series or shows its exact enabling text', async (_, { spec, name }) => {
    const panels = PANELS.filter((p) => p.page === spec);
    const mustDraw = panels.filter((p) => p.fed !== false && !(p.panel.id in EMPTY_WHEN_HEALTHY)).map((p) => p.panel.title);
    const { page, errors } = await watchedPage(env.browser);
    await page.goto(`${env.preview.url}/a/${PLUGIN.id}/${spec.route}`);
    await page.getByTestId('preview-page-title').filter({ hasText: name }).waitFor({ timeout: 30000 });
    const series = await waitForPanels(page, mustDraw);
    await page.screenshot({ path: join(SHOTS, `profile-${PROFILE}-${spec.route}.png`), fullPage: true });
    const texts: Record<string, string> = await page.evaluate(() => {
      const out: Record<string, string> = {};
      document.querySelectorAll('[data-viz-panel-key]').forEach((el) => {
        out[el.querySelector('h2')?.textContent?.trim() ?? '?'] = el.textContent ?? '';
      });
      return out;
    });
    const wrong: string[] = [];
    for (const p of panels) {
      const title = p.panel.title;
      const drawn = series[title] ?? 0;
      if (!(title in series)) {
        wrong.push(`${title}: not on the page`);
      } else if (p.fed === false) {
        // A line reading none of the lead signal's families (the naive line beside the computed one) may draw.
        if (drawn > 0 && !p.drawsWithoutSource.some(Boolean)) {
          wrong.push(`${title}: no source in ${PROFILE} per docs/compatibility.md, yet ${drawn} series drawn`);
        } else if (drawn === 0 && !squash(texts[title]).includes(squash(p.emptyText))) {
          wrong.push(`${title}: shows ${JSON.stringify(squash(texts[title]))}, not its empty text ${JSON.stringify(p.emptyText)}`);
        }
      } else if (p.panel.id in EMPTY_WHEN_HEALTHY) {
        if (drawn === 0 && !squash(texts[title]).includes(EMPTY_WHEN_HEALTHY[p.panel.id])) {
          wrong.push(`${title}: empty without ${JSON.stringify(EMPTY_WHEN_HEALTHY[p.panel.id])}`);
        }
      } else if (drawn === 0) {
        wrong.push(`${title}: fed in ${PROFILE}, yet no series drawn`);
      }
    }
    if (spec.id === 'overview') {
      // The ranked view's evidence panels: each family the profile lacks empties its panel, which names it.
      for (const e of EVIDENCE.filter((x) => !x.fed)) {
        if ((series[e.title] ?? 0) > 0) {
          wrong.push(`${e.title} (evidence of ${e.cause}): ${PROFILE} lacks its family, yet ${series[e.title]} series drawn`);
        } else if (!squash(texts[e.title] ?? '').includes(squash(e.emptyText))) {
          wrong.push(`${e.title} (evidence of ${e.cause}): shows ${JSON.stringify(squash(texts[e.title] ?? 'nothing'))}, not ${JSON.stringify(e.emptyText)}`);
        }
      }
      console.log(`${PROFILE} / evidence: ${EVIDENCE.filter((x) => !x.fed).length} panels name their missing family`);
    }
    const unfed = panels.filter((p) => p.fed === false).length;
    console.log(`${PROFILE} / ${name}: ${panels.length - unfed} panels fed, ${unfed} showing their enabling text`);
    expect(wrong).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
