// V8's explicit compile hint (Chrome 136+; to other engines a comment). Without it V8 compiles a script's
// top level while the file streams in, and each function only when first called, on the main thread: in a
// start, most of React's, the router's and Dexie's functions, inside the start's tasks. With it, the whole
// file is compiled off the main thread as it downloads. Only the chunks every start runs get it.
import type { Plugin } from 'vite';
import { findStartChunks, type StartModules } from './start-chunks.ts';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

export function compileHint(modules: StartModules): Plugin {
  // Preliminary file names (before hashing) of the chunks that get the hint.
  let hinted = new Set<string>();
  let enabled = true;
  return {
    name: 'prompt-runs:compile-hint',
    apply: 'build',
    configResolved(config) {
      // The hint is a new first line: every line of a chunk moves down one, which a source map would not know.
      enabled = !config.build.sourcemap;
      if (!enabled) config.logger.warn('compile-hint: off while source maps are on (it would shift every mapped line)');
    },
    renderStart() {
      hinted = new Set();
    },
    renderChunk(_code, _chunk, _options, meta) {
      if (enabled && hinted.size === 0) hinted = findStartChunks(meta.chunks, modules)?.all ?? hinted;
      return null;
    },
    // The hint goes in after minification (which drops comments), so into the written chunks; their names'
    // hash accounts for it, so a cached copy without it is never taken for the file with it.
    augmentChunkHash(chunk) {
      return hinted.has(chunk.fileName) ? COMPILE_HINT : undefined;
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        if (!enabled) return;
        for (const file of findStartChunks(bundle, modules)?.all ?? []) {
          const chunk = bundle[file];
          if (chunk?.type === 'chunk') chunk.code = `${COMPILE_HINT}\n${chunk.code}`;
        }
      },
    },
  };
}
