/** Every requirement links to a section of docs/metrics-setup.md that exists. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { REQUIREMENTS } from '../../queries/signals/requirements';

const doc = readFileSync(join(__dirname, '../../../docs/metrics-setup.md'), 'utf8');
const anchors = new Set([...doc.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));

describe('docs/metrics-setup.md', () => {
  it.each(Object.values(REQUIREMENTS).map((r) => [r.id, r.docsAnchor]))('has the section %s links to (#%s)', (_id, anchor) => {
    expect(anchors).toContain(anchor);
  });
});
