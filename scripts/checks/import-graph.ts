// The import graph of the TypeScript sources, type-only and dynamic imports included, and its cycles.
// ESLint's cycle rule skips type imports and is slow on two cores; this reads each file once (the
// TypeScript API's pre-processor, no type checking) and resolves through tsconfig.json's paths.
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

export type ImportGraph = Map<string, string[]>;

/** Every import (static, type-only, dynamic, re-export) of `files` that resolves to another of `files`. */
export function buildImportGraph(root: string, files: readonly string[], options: ts.CompilerOptions = readCompilerOptions(root)): ImportGraph {
  const known = new Set(files.map((f) => resolve(root, f)));
  const host = ts.createCompilerHost(options);
  const graph: ImportGraph = new Map();
  for (const abs of known) {
    const { importedFiles } = ts.preProcessFile(readFileSync(abs, 'utf8'), true, true);
    const deps = new Set<string>();
    for (const { fileName } of importedFiles) {
      const target = ts.resolveModuleName(fileName, abs, options, host).resolvedModule?.resolvedFileName;
      if (target && known.has(resolve(target)) && resolve(target) !== abs) deps.add(resolve(target));
    }
    graph.set(abs, [...deps]);
  }
  return relabel(graph, (abs) => relative(root, abs));
}

function readCompilerOptions(root: string): ts.CompilerOptions {
  const file = resolve(root, 'tsconfig.json');
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, root).options;
}

function relabel(graph: ImportGraph, name: (id: string) => string): ImportGraph {
  return new Map([...graph].map(([file, deps]) => [name(file), deps.map(name)]));
}

/** The strongly connected components of more than one file (Tarjan), each a cycle to break. */
export function findCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}
