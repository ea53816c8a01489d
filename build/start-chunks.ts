// Which chunks a start runs, read off the bundler's chunk graph: the entry (index.html's script) and its
// static imports, the app graph main.tsx imports next (the boot module), and the start page's graph beyond
// those. app-shell-first.ts fetches them at once and compile-hint.ts marks them for eager compilation.

/** What is read of a chunk graph: rolldown's chunks before hashing (renderChunk) or after (the bundle). */
export type ChunkGraph = Record<
  string,
  { type?: string; imports?: readonly string[]; moduleIds?: readonly string[]; facadeModuleId?: string | null; isEntry?: boolean }
>;

/** The modules a start begins from, as paths from the project root ('/src/app/boot.ts'). */
export interface StartModules {
  boot: string;
  startPage: string;
  /** The URLs whose page is the start page. */
  startPaths: string[];
}

export interface StartChunks {
  entry: string;
  common: string[];
  startPage: string[];
  all: Set<string>;
}

/** The start's chunks by file name; null for a build with no index.html entry (the service worker's). */
export function findStartChunks(chunks: ChunkGraph, modules: StartModules): StartChunks | null {
  const find = (test: (chunk: ChunkGraph[string]) => boolean) => Object.entries(chunks).find(([, c]) => test(c))?.[0];
  const entry = find((c) => Boolean(c.isEntry && c.facadeModuleId?.endsWith('/index.html')));
  if (!entry) return null;
  const chunkOf = (moduleSuffix: string) => {
    const file = find((c) => Boolean(c.moduleIds?.some((id) => id.endsWith(moduleSuffix))));
    if (!file) throw new Error(`start chunks: no chunk holds ${moduleSuffix}`);
    return file;
  };
  const closure = (files: readonly string[], seen = new Set<string>()) => {
    for (const file of files) {
      if (seen.has(file) || !chunks[file]?.imports) continue;
      seen.add(file);
      closure(chunks[file].imports ?? [], seen);
    }
    return seen;
  };
  const common = closure([entry, chunkOf(modules.boot)]);
  const startPage = [...closure([chunkOf(modules.startPage)])].filter((file) => !common.has(file));
  common.delete(entry);
  return { entry, common: [...common], startPage, all: new Set([entry, ...common, ...startPage]) };
}
