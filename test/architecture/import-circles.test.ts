import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildImportGraph, findImportCircles, importSpecifiers } from '../helpers/import-graph.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('import circles', () => {
  it('finds none in shared/, functions/ and cli/ (value and type imports alike)', () => {
    const graph = buildImportGraph(ROOT, ['shared', 'functions', 'cli']);

    expect(graph.size).toBeGreaterThan(100);
    expect(findImportCircles(graph)).toEqual([]);
  });

  it('reports a circle closed by a type-only import, and not a file that merely imports into it', () => {
    const graph = buildImportGraph(ROOT, ['test/fixtures/import-circle']);

    expect(findImportCircles(graph)).toEqual([
      [
        'test/fixtures/import-circle/a.ts',
        'test/fixtures/import-circle/b.ts',
        'test/fixtures/import-circle/a.ts',
      ],
    ]);
  });

  it('reports a file that imports itself and a three-file circle', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);

    expect(findImportCircles(graph)).toEqual([
      ['a', 'b', 'c', 'a'],
      ['e', 'e'],
    ]);
  });
});

describe('importSpecifiers', () => {
  it('reads type-only imports, re-exports and dynamic imports', () => {
    const text = [
      "import { type A } from './a.js';",
      "import type { B } from './b.js';",
      "export { C } from './c.js';",
      "export * from './d.js';",
      "const e = await import('./e.js');",
    ].join('\n');

    expect(importSpecifiers(text)).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js']);
  });
});
