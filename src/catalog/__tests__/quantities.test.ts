/**
 * Quantities list their sources in the order the app prefers them (upstream, open pull request, SGLang,
 * proposal), each source's signals carry names of that origin and cite where they are defined, and the
 * balancedness builders give every source an expression that parses and yields the group's labels.
 */
import { ORIGIN_ORDER, QUANTITIES, quantityNoData } from '../../queries/signals/quantities';
import { SIGNALS } from '../../queries/signals/signals';
import { BALANCEDNESS_MEAN, BALANCEDNESS_WORST } from '../../queries/wideep/eplb';
import { ruleContext } from '../../queries/context';
import { print } from '../../queries/promql';
import { DEFAULT } from '../../testing/fixtures';
import { interpolate, promqlSyntaxErrors } from '../../testing/promqlGrammar';

const quantities = Object.values(QUANTITIES);

describe('quantities', () => {
  it.each(quantities.map((q) => [q.id, q] as const))('%s lists its sources in order of preference', (_id, q) => {
    const ranks = q.sources.map((s) => ORIGIN_ORDER.indexOf(s.origin));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(q.sources.map((s) => s.id)).size).toBe(q.sources.length);
  });

  it('gives each source signals whose first name is of its origin, and a citation', () => {
    for (const q of quantities) {
      for (const s of q.sources) {
        expect(s.cite.length).toBeGreaterThan(10);
        for (const id of s.signals) {
          const first = SIGNALS[id].names[0];
          const origin =
            first.name.startsWith('sglang:') ? 'sglang' : first.status === 'current' ? 'upstream' : first.status === 'open-pr' ? 'open-pr' : 'proposed';
          expect({ quantity: q.id, source: s.id, signal: id, origin }).toEqual({ quantity: q.id, source: s.id, signal: id, origin: s.origin });
        }
      }
    }
  });

  it('says what would bring a missing source without naming a flag that exports nothing as the fix', () => {
    for (const q of quantities) {
      expect(quantityNoData(q.id as keyof typeof QUANTITIES)).toContain(q.missing);
      expect(q.missing).not.toMatch(/run with --enable-(eplb|dbo)/i);
    }
  });

  it('has a balancedness expression for every source, each parsing and keeping one series per EP group', () => {
    const ctx = ruleContext(DEFAULT);
    // Every source has a builder; SGLang's Summary is a mean over layers, so it has no worst-layer one.
    const built = [...new Set([...Object.keys(BALANCEDNESS_WORST), ...Object.keys(BALANCEDNESS_MEAN)])].sort();
    expect(built).toEqual(QUANTITIES.balancedness.sources.map((s) => s.id).sort());
    expect(BALANCEDNESS_WORST['sglang-summary']).toBeUndefined();
    for (const builders of [BALANCEDNESS_WORST, BALANCEDNESS_MEAN]) {
      for (const [id, build] of Object.entries(builders)) {
        const text = print(build(ctx));
        expect({ id, errors: promqlSyntaxErrors(interpolate(text)) }).toEqual({ id, errors: [] });
        expect({ id, grouped: /by\(model_name, role(, le)?\)/.test(text) }).toEqual({ id, grouped: true });
      }
    }
  });
});
