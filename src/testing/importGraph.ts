/**
 * The import graph of the product code, read with the TypeScript compiler's own pre-processor (no bundler, no
 * package): every relative import, `export … from` and dynamic `import()` of a .ts/.tsx file under a root, type-only
 * imports included (a type circle still ties two files together). Used by the import-circle test.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export type ImportGraph = Map<string, string[]>;

const SOURCE = /\.tsx?$/;
const IGNORED_DIRS = new Set(['node_modules', '__tests__']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return IGNORED_DIRS.has(entry.name) ? [] : sourceFiles(full);
    }
    return SOURCE.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** './x' from `from` → the file it names (x.ts, x.tsx, x/index.ts, x/index.tsx), or undefined outside the root. */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  return candidates.find((file) => SOURCE.test(file) && fs.existsSync(file) && fs.statSync(file).isFile());
}

export function importGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(root)) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((ref) => ref.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => resolveRelative(file, name))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every import circle, each as the files along it (first file repeated at the end), found by depth-first search. */
export function importCircles(graph: ImportGraph): string[][] {
  const circles: string[][] = [];
  const seen = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (file: string) => {
    seen.add(file);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (onStack.has(next)) {
        circles.push([...stack.slice(stack.indexOf(next)), next]);
      } else if (!seen.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    onStack.delete(file);
  };
  for (const file of graph.keys()) {
    if (!seen.has(file)) {
      visit(file);
    }
  }
  return circles;
}
