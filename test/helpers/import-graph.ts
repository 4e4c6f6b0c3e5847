/**
 * The relative import graph of TypeScript sources, for the architecture tests. Every import
 * counts: value and type-only imports, `export … from` and dynamic `import()`, because under
 * `verbatimModuleSyntax` an `import { type X }` still leaves an (empty) import at run time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** File (relative to the root) → the files it imports (relative to the root), sorted. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every module specifier of a source text, as the TypeScript pre-processor reads them. */
export function importSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/**
 * Builds the graph of the `.ts` files under `folders` (relative to `root`). Relative specifiers
 * ending in `.js` resolve to the `.ts` file beside them; packages are left out.
 */
export function buildImportGraph(root: string, folders: readonly string[]): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const folder of folders) {
    for (const path of sourceFiles(resolve(root, folder))) {
      const targets = importSpecifiers(readFileSync(path, 'utf8'))
        .filter((s) => s.startsWith('.'))
        .map((s) => relative(root, resolve(dirname(path), s.replace(/\.js$/, '.ts'))));
      graph.set(relative(root, path), [...new Set(targets)].sort());
    }
  }
  return graph;
}

/**
 * The import circles of a graph: one entry per strongly connected component with more than one
 * file (or a file importing itself), each as a path that returns to its first file. Tarjan (1972).
 */
export function findImportCircles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file)) {
      circles.push(circlePath(graph, new Set(component)));
    }
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return circles;
}

/** A shortest path from the component's first file back to itself, through the component. */
function circlePath(graph: ImportGraph, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const next of graph.get(file) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = file; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, file);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
