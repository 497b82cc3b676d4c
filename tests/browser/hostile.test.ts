/**
 * Hostile label values end to end: a model named with quotes, HTML and regex metacharacters. Selected in the
 * page's model variable it must filter to exactly that model (Grafana's escaping, reproduced by the preview's
 * data source, against a real Prometheus) and render as text, never as markup.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { interpolateQueryExpr } from '../../preview/src/datasource/escape';
import { panelSeries, watchedPage } from '../support/browser';
import { ROOT } from '../support/stack';
import { useBrowserStack } from '../support/browserStack';

const HOSTILE = 'evil"<b id="injected">bold</b>|x.*(';
const PLAIN = 'acme/plain-model';
const PLUGIN = JSON.parse(readFileSync(join(ROOT, 'src/plugin.json'), 'utf8'));

const env = useBrowserStack({ scenario: 'steady-pd', simArgs: ['--model', HOSTILE, '--model', PLAIN] }, 25);

describe('a hostile model name', () => {
  it('escaped as Grafana escapes a multi-value variable, it selects exactly that model in Prometheus', async () => {
    const truth = await env.stack.truth();
    const expected = truth.models[HOSTILE].roles.decode.requestsPerSec + truth.models[HOSTILE].roles.prefill.requestsPerSec;
    const matcher = interpolateQueryExpr([HOSTILE], { multi: true, includeAll: true });
    const [got] = await env.stack.query(`sum(rate(vllm:request_success_total{model_name=~"${matcher}"}[20s]))`);
    const [all] = await env.stack.query('sum(rate(vllm:request_success_total[20s]))');
    expect(Math.abs(got.value - expected) / expected).toBeLessThan(0.01);
    expect(all.value).toBeGreaterThan(got.value * 1.5);
  });

  it('renders as text in the variable picker and the panels, and the page still draws data', async () => {
    const { page, errors } = await watchedPage(env.browser, 1600, 2000);
    const url = `${env.preview.url}/a/${PLUGIN.id}/prefill-decode?var-model=${encodeURIComponent(HOSTILE)}`;
    await page.goto(url);
    await page.getByTestId('preview-page-title').waitFor({ timeout: 30000 });
    await page.waitForTimeout(6000);
    await page.screenshot({ path: join(ROOT, 'artifacts/screenshots/hostile-model.png') });
    expect(await page.locator('#injected').count()).toBe(0);
    expect(await page.getByText(HOSTILE, { exact: false }).count()).toBeGreaterThan(0);
    const series = await panelSeries(page);
    expect(Object.values(series).some((n) => n > 0)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
