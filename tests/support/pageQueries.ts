/**
 * What the page integration tests share: a panel's query exactly as its page sends it (default role mapping), the
 * 1 % comparison against ground truth, and how long a scenario switch takes to fill the rate window.
 */
import { PageSpec } from '../../src/catalog/panelSpec';
import { print } from '../../src/queries/promql';
import { findPanel } from '../../src/testing/pagePanels';
import { variableContext } from '../../src/queries/context';
import { DEFAULT_ROLE_PRESET, findPreset } from '../../src/settings/rolePresets';
import { escapeRegex } from '../../src/queries/escapeRegex';
import { RATE_WINDOW, Stack, StackOptions, startStack } from './stack';

export const ROLE = findPreset(DEFAULT_ROLE_PRESET)!.mapping;

/** Long enough for the rate window to cover only the current scenario, plus a few scrapes. */
export const SETTLE_SECONDS = parseInt(RATE_WINDOW, 10) + 8;

export { findPanel as pagePanel } from '../../src/testing/pagePanels';

/**
 * The panel's query whose legend equals `legend` (a string) or matches it (a RegExp); without one, the panel's
 * only query.
 */
export function panelQuery(page: PageSpec, id: string, legend?: string | RegExp): string {
  const queries = findPanel(page, id).queries(variableContext(ROLE, page.filters));
  const matches = (l = '') => (typeof legend === 'string' ? l === legend : legend!.test(l));
  const q = legend === undefined ? queries[0] : queries.find((x) => matches(x.legend));
  if (!q || (legend === undefined && queries.length !== 1)) {
    throw new Error(`panel ${id} has no single query${legend ? ` with legend ${legend}` : ''}`);
  }
  return print(q.expr);
}

/** Relative difference within 1 %; around zero, an absolute tolerance. */
export function expectClose(actual: number | undefined, expected: number, what: string, zeroTolerance = 1e-6) {
  const ok =
    actual !== undefined &&
    (Math.abs(expected) < zeroTolerance
      ? Math.abs(actual) < zeroTolerance
      : Math.abs(actual - expected) <= 0.01 * Math.abs(expected));
  expect({ what, actual, expected, ok }).toEqual({ what, actual, expected, ok: true });
}

export { escapeRegex };

/**
 * A stack narrowed to its first simulated model, as the model variable narrows a page (`vars` holds the model
 * value, escaped), returned once the rate window holds only the scenario's samples. A stack that fails to settle
 * is stopped.
 */
export async function startOneModelStack(opts: StackOptions): Promise<{ stack: Stack; model: string; vars: Record<string, string> }> {
  const stack = await startStack(opts);
  try {
    const model = Object.keys((await stack.truth()).models)[0];
    await stack.waitForRange(SETTLE_SECONDS);
    return { stack, model, vars: { model: escapeRegex(model) } };
  } catch (e) {
    await stack.stop();
    throw e;
  }
}
