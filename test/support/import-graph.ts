import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Source file (repo-relative path) -> the repo source files it imports or re-exports. */
export type ImportGraph = Map<string, string[]>;

const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist']);

function typeScriptFilesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.split('/').some((segment) => SKIPPED_DIRECTORIES.has(segment)));
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configFile = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json');
  if (!configFile) throw new Error(`no tsconfig.json under ${root}`);
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config, ts.sys, root).options;
}

/**
 * Every import, `import type`, re-export and dynamic import between the TypeScript files
 * under `directories`, resolved the way the compiler resolves them (path aliases
 * included). A type-only import counts: a cycle of types still ties the modules together.
 */
export function importGraph(root: string, directories: readonly string[]): ImportGraph {
  const options = compilerOptions(root);
  const host = ts.createCompilerHost(options);
  const graph: ImportGraph = new Map();
  for (const file of directories.flatMap((directory) => typeScriptFilesUnder(join(root, directory)))) {
    const imports = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles;
    const targets = new Set<string>();
    for (const { fileName } of imports) {
      const resolved = ts.resolveModuleName(fileName, file, options, host).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport || resolved.resolvedFileName.endsWith('.d.ts')) continue;
      targets.add(relative(root, resolved.resolvedFileName));
    }
    graph.set(relative(root, file), [...targets].sort());
  }
  return graph;
}

/**
 * The import cycles of the graph: each strongly connected component of more than one file
 * (or a file importing itself), found with Tarjan's algorithm, as one shortest cycle
 * through its first file so the report reads as a path.
 */
export function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  const visit = (file: string): void => {
    index.set(file, counter);
    lowLink.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        lowLink.set(file, Math.min(lowLink.get(file)!, lowLink.get(target)!));
      } else if (onStack.has(target)) {
        lowLink.set(file, Math.min(lowLink.get(file)!, index.get(target)!));
      }
    }
    if (lowLink.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) components.push(component.sort());
  };

  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return components.map((component) => shortestCycleThrough(component[0], new Set(component), graph));
}

/** Breadth-first from `start` back to itself, staying inside its component. */
function shortestCycleThrough(start: string, component: ReadonlySet<string>, graph: ImportGraph): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const target of graph.get(file) ?? []) {
      if (!component.has(target)) continue;
      if (target === start) {
        const path = [file];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, file);
        queue.push(target);
      }
    }
  }
  return [start, start];
}
