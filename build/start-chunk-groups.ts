// The start in a few files instead of sixteen. Left to itself the bundler splits the start's code by which
// lazy pages share each module, into a dozen chunks of 1-6 KB (icons, small store modules) besides the big
// ones; each costs the start a request, and a compile and a fetch-finished task on the main thread. A page
// always loads after the app graph (main.tsx imports the boot module before the routes can load any page),
// so a module in that graph gains nothing from a chunk of its own. Groups, one per step of main.tsx's start:
// React (the entry's static graph), Dexie, the app graph (the boot module's static graph) and the start
// page's graph beyond it.
import type { Plugin } from 'vite';
import type { StartModules } from './start-chunks.ts';

export interface ModuleGraphReader {
  getModuleIds(): IterableIterator<string> | string[];
  getModuleInfo(id: string): { importedIds: readonly string[] } | null;
}

export interface StartGraphs {
  react: Set<string>;
  boot: Set<string>;
  page: Set<string>;
}

/** Each start step's modules (static imports only), each graph without the modules of the steps before it. */
export function readStartGraphs(graph: ModuleGraphReader, entryModule: string, modules: StartModules): StartGraphs | null {
  const graphs: StartGraphs = { react: new Set(), boot: new Set(), page: new Set() };
  const ids = [...graph.getModuleIds()];
  const find = (suffix: string) => ids.find((id) => id.endsWith(suffix));
  const walk = (id: string | undefined, into: Set<string>, skip: ReadonlySet<string> = new Set()) => {
    if (!id || into.has(id) || skip.has(id)) return;
    into.add(id);
    for (const imported of graph.getModuleInfo(id)?.importedIds ?? []) walk(imported, into, skip);
  };
  const main = find(entryModule);
  if (!main) return null; // the service worker's own build
  walk(main, graphs.react);
  graphs.react.delete(main); // stays in the entry chunk
  walk(find(modules.boot), graphs.boot, graphs.react);
  walk(find(modules.startPage), graphs.page, new Set([...graphs.react, ...graphs.boot]));
  return graphs;
}

export function startChunkGroups(entryModule: string, modules: StartModules): Plugin {
  let graphs: StartGraphs = { react: new Set(), boot: new Set(), page: new Set() };
  return {
    name: 'prompt-runs:start-chunks',
    apply: 'build',
    buildEnd() {
      graphs = readStartGraphs(this, entryModule, modules) ?? { react: new Set(), boot: new Set(), page: new Set() };
    },
    config() {
      // Read when the bundler splits chunks, after buildEnd has filled the graphs.
      const groups = [
        { name: 'react', test: (id: string) => graphs.react.has(id), priority: 4 },
        { name: 'dexie', test: /node_modules[\\/]dexie[\\/]/, priority: 3 },
        { name: 'app', test: (id: string) => graphs.boot.has(id), priority: 2 },
        { name: 'start-page', test: (id: string) => graphs.page.has(id), priority: 1 },
      ];
      return { build: { rolldownOptions: { output: { codeSplitting: { groups } } } } };
    },
  };
}
