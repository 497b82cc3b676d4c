import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { importCircles, importGraph } from './importGraph';

const SRC = path.resolve(__dirname, '..');

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-graph-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('import circles', () => {
  it('src/ has none (type-only imports count)', () => {
    const circles = importCircles(importGraph(SRC)).map((circle) => circle.map((f) => path.relative(SRC, f)).join(' -> '));
    expect(circles).toEqual([]);
  });

  it('queries/ imports nothing from catalog/ (the builders sit below the page, rule and output models)', () => {
    const up = [...importGraph(SRC)]
      .filter(([from]) => from.startsWith(path.join(SRC, 'queries') + path.sep) && !from.includes(`${path.sep}__tests__${path.sep}`))
      .flatMap(([from, tos]) => tos.filter((to) => to.startsWith(path.join(SRC, 'catalog') + path.sep)).map((to) => `${path.relative(SRC, from)} -> ${path.relative(SRC, to)}`));
    expect(up).toEqual([]);
  });

  it('reads the product code, not an empty graph', () => {
    const graph = importGraph(SRC);
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get(path.join(SRC, 'module.tsx'))).toContain(path.join(SRC, 'components/App/App.tsx'));
  });

  it('finds a type-only circle through an index file, and a re-export circle', () => {
    const dir = tree({
      'a/index.ts': "import { b } from './b';\nexport type T = string;\n",
      'a/b.ts': "import type { T } from './index';\nexport const b: T = '';\n",
      'c.ts': "export { d } from './d';\n",
      'd.tsx': "import './c';\nexport const d = 1;\n",
      'e.ts': "import { b } from './a';\n",
    });
    const circles = importCircles(importGraph(dir)).map((c) => c.map((f) => path.relative(dir, f)));
    expect(circles).toHaveLength(2);
    expect(circles).toContainEqual(['a/b.ts', 'a/index.ts', 'a/b.ts']);
    expect(circles).toContainEqual(['c.ts', 'd.tsx', 'c.ts']);
  });
});
