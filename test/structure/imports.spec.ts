import { join } from 'node:path';
import { ImportGraph, importCycles, importGraph } from '../support/import-graph';

const ROOT = join(__dirname, '..', '..');

/** Each import edge `from -> to` whose source matches `from` and target matches `to`. */
function edges(graph: ImportGraph, from: RegExp, to: RegExp): string[] {
  return [...graph].flatMap(([file, targets]) => (from.test(file) ? targets.filter((target) => to.test(target)).map((target) => `${file} -> ${target}`) : []));
}

describe('module structure (DESIGN.md layers)', () => {
  const graph = importGraph(ROOT, ['apps', 'libs']);

  it('reads the whole source tree, path aliases resolved', () => {
    expect(graph.size).toBeGreaterThan(100);
    // The api module reaches the worker through its alias: proof that aliases resolve to files.
    expect(graph.get('apps/api/src/api.module.ts')).toContain('libs/worker/src/index.ts');
  });

  it('has no import cycle in libs/ or apps/ (type-only imports included)', () => {
    expect(importCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('the catalog imports neither customers nor orders (they depend on it, not the reverse)', () => {
    expect(edges(graph, /^libs\/domain\/src\/catalog\//, /^libs\/domain\/src\/(customer|order)\//)).toEqual([]);
  });

  it('no app imports another app, and no library imports an app', () => {
    const crossApp = [...graph].flatMap(([file, targets]) => {
      const app = /^apps\/([^/]+)\//.exec(file)?.[1];
      return targets.filter((target) => target.startsWith('apps/') && !target.startsWith(`apps/${app}/`)).map((target) => `${file} -> ${target}`);
    });
    expect(crossApp).toEqual([]);
    expect(edges(graph, /^libs\//, /^apps\//)).toEqual([]);
  });

  it('each library imports only the layers below it (domain: none; application: no database, no worker)', () => {
    const allowed: Record<string, string[]> = {
      domain: [],
      application: ['domain'],
      infrastructure: ['application', 'domain'],
      worker: ['application', 'domain'],
      // The composition roots: each side's modules, shared by every way of starting it.
      runtime: ['worker', 'infrastructure', 'application', 'domain'],
    };
    const breaches = [...graph].flatMap(([file, targets]) => {
      const library = /^libs\/([^/]+)\//.exec(file)?.[1];
      if (!library) return [];
      return targets
        .filter((target) => {
          const layer = /^libs\/([^/]+)\//.exec(target)?.[1];
          return layer !== library && !(layer && allowed[library]?.includes(layer));
        })
        .map((target) => `${file} -> ${target}`);
    });
    expect(breaches).toEqual([]);
  });
});

describe('importCycles', () => {
  const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  it('finds a three-file cycle and reports it as a path', () => {
    expect(importCycles(graphOf({ 'a.ts': ['b.ts'], 'b.ts': ['c.ts'], 'c.ts': ['a.ts', 'd.ts'], 'd.ts': [] }))).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('finds a file importing itself, and nothing in an acyclic graph', () => {
    expect(importCycles(graphOf({ 'a.ts': ['a.ts'] }))).toEqual([['a.ts', 'a.ts']]);
    expect(importCycles(graphOf({ 'a.ts': ['b.ts', 'c.ts'], 'b.ts': ['c.ts'], 'c.ts': [] }))).toEqual([]);
  });
});
