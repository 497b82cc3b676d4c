/**
 * Writes docs/compatibility.md: for every panel and alert, the families each simulator profile feeds it from.
 *   npm run compatibility            (write)
 *   npm run compatibility -- --check (exit 1 when the file is stale)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderCompatibility } from '../src/catalog/compatibility';
import { COMPATIBILITY_DOC, loadDcgmCounters, loadFixtures } from '../src/catalog/compatibilityFiles';

const text = renderCompatibility(loadFixtures(), loadDcgmCounters());
if (process.argv.includes('--check')) {
  const current = readFileSync(COMPATIBILITY_DOC, 'utf8');
  if (current !== text) {
    console.error('docs/compatibility.md is stale: run npm run compatibility');
    process.exit(1);
  }
  console.log('docs/compatibility.md is up to date');
} else {
  writeFileSync(COMPATIBILITY_DOC, text);
  console.log(`wrote ${COMPATIBILITY_DOC}`);
}
