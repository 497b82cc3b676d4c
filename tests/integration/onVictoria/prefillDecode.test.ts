/**
 * The value checks of ../prefillDecode.test.ts again, unchanged, answered by VictoriaMetrics fed by two vmagent shards
 * (tests/support/victoria.ts; docs/scale.md): the pages work against the merged store.
 */
process.env.STACK_BACKEND = 'victoria';
afterAll(() => {
  delete process.env.STACK_BACKEND;
});
require('../prefillDecode.test');
