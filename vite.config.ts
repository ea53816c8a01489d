import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
// APP_VERSION lets a build say which one it is (the update test builds twice with different values).
const APP_VERSION = process.env.APP_VERSION ?? pkg.version;
const THEME = '#0f172a';

/**
 * First paint without waiting for any file but the HTML (issue 5, Lighthouse mobile): index.html already holds
 * the app shell as static markup, so this (build only) inlines the one stylesheet and starts the app's code
 * after the shell's first frame instead of from <head>. On a slow phone the shell then paints as soon as the
 * HTML is parsed, and the ~150 KB of JavaScript downloads behind it rather than delaying it; the cost is one
 * frame before the download starts. The stylesheet file stays in the build (precached, unused by the page).
 */
const BOOT_MODULE = '/src/app/boot.ts';
const START_PAGE_MODULE = '/src/features/prompts/prompts-page.tsx';
const START_PATHS = ['/', '/ai/prompts'];

/** What is read of a chunk graph: rolldown's chunks before hashing (renderChunk) and after (the bundle). */
type ChunkGraph = Record<
  string,
  { type?: string; imports?: readonly string[]; moduleIds?: readonly string[]; facadeModuleId?: string | null; isEntry?: boolean }
>;

/** The chunks a start runs, by file name: the entry (index.html's script) and its static imports, the app
 *  graph it imports next (BOOT_MODULE, see main.tsx), and the start page's (START_PAGE_MODULE) beyond those.
 *  Null for a build with no index.html entry (the service worker's). */
function startChunks(chunks: ChunkGraph) {
  const find = (test: (chunk: ChunkGraph[string]) => boolean) => Object.entries(chunks).find(([, c]) => test(c))?.[0];
  const entry = find((c) => Boolean(c.isEntry && c.facadeModuleId?.endsWith('/index.html')));
  if (!entry) return null;
  const chunkOf = (moduleSuffix: string) => {
    const file = find((c) => Boolean(c.moduleIds?.some((id) => id.endsWith(moduleSuffix))));
    if (!file) throw new Error(`app-shell-first: no chunk for ${moduleSuffix}`);
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
  const common = closure([entry, chunkOf(BOOT_MODULE)]);
  const startPage = [...closure([chunkOf(START_PAGE_MODULE)])].filter((file) => !common.has(file));
  common.delete(entry);
  return { entry, common: [...common], startPage, all: new Set([entry, ...common, ...startPage]) };
}

/**
 * V8's explicit compile hint (Chrome 136+; to other engines a comment). Without it V8 compiles a script's top
 * level while the file streams in, and each function only when first called, on the main thread: in a start,
 * most of React's, the router's and Dexie's functions, inside the start's tasks. With it, the whole file is
 * compiled off the main thread as it downloads. Only the chunks every start runs get it.
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

function appShellFirst(): Plugin {
  // Preliminary file names (before hashing) of the chunks that get the compile hint.
  let hinted = new Set<string>();
  return {
    name: 'prompt-runs:app-shell-first',
    apply: 'build',
    renderStart() {
      hinted = new Set();
    },
    renderChunk(_code, _chunk, _options, meta) {
      if (hinted.size === 0) hinted = startChunks(meta.chunks)?.all ?? hinted;
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
        for (const file of startChunks(bundle)?.all ?? []) {
          const chunk = bundle[file];
          if (chunk?.type !== 'chunk') continue;
          chunk.code = `${COMPILE_HINT}\n${chunk.code}`;
          // Every line moves down one: so do the source map's (already emitted as an asset beside the chunk).
          const mapAsset = bundle[`${file}.map`];
          if (mapAsset?.type === 'asset') {
            const map = JSON.parse(String(mapAsset.source)) as { mappings: string };
            mapAsset.source = JSON.stringify({ ...map, mappings: `;${map.mappings}` });
          }
        }
      },
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const cssLinks = [...html.matchAll(/<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/g)];
        for (const [tag, file] of cssLinks) {
          const asset = ctx.bundle?.[file!];
          if (asset?.type !== 'asset') throw new Error(`app-shell-first: ${file} is not in the bundle`);
          html = html.replace(tag, () => `<style>${String(asset.source).trim()}</style>`);
        }
        const entry = /<script type="module" crossorigin src="\/([^"]+)"><\/script>\s*/.exec(html);
        if (!entry) throw new Error('app-shell-first: no module entry script in index.html');
        html = html.replace(entry[0], '').replace(/<link rel="modulepreload" crossorigin href="[^"]+">\s*/g, '');
        // Everything the start needs, fetched at once: the entry's static imports, the app graph it imports
        // next (BOOT_MODULE, see main.tsx), and on a start URL that route's page.
        const start = startChunks(ctx.bundle ?? {});
        if (!start || start.entry !== entry[1]) throw new Error('app-shell-first: index.html does not load the entry chunk');
        const url = (file: string) => `/${file}`;
        const preloads = { common: start.common.map(url), startPage: start.startPage.map(url), startPaths: START_PATHS };
        // Once the shell is on screen: the first-contentful-paint entry arrives after the frame is presented
        // (a frame can be drawn long before it is shown on a busy phone). Without paint timing, one frame
        // later; a hidden page paints nothing, so it loads at once, and a 3 s timer guards against a paint
        // that never comes.
        const loader = `<script>(function () {
      var started = false;
      function start() {
        if (started) return;
        started = true;
        var preloads = ${JSON.stringify(preloads)};
        var files = preloads.common.concat(preloads.startPaths.indexOf(location.pathname) >= 0 ? preloads.startPage : []);
        var script = document.createElement('script');
        script.type = 'module';
        script.crossOrigin = '';
        script.src = ${JSON.stringify(url(entry[1]!))};
        document.head.appendChild(script);
        // One preload per task: starting a request costs the main thread a few ms (more with DevTools
        // open); sixteen in one go (before the start's chunks were grouped) made a task of 60 ms.
        (function preloadNext() {
          var href = files.shift();
          if (!href) return;
          var link = document.createElement('link');
          link.rel = 'modulepreload';
          link.crossOrigin = '';
          link.href = href;
          document.head.appendChild(link);
          setTimeout(preloadNext, 0);
        })();
      }
      if (document.visibilityState === 'hidden') return start();
      document.addEventListener('visibilitychange', start, { once: true });
      setTimeout(start, 3000);
      if ((PerformanceObserver.supportedEntryTypes || []).indexOf('paint') < 0) {
        return requestAnimationFrame(function () { setTimeout(start, 0); });
      }
      new PerformanceObserver(function (list, observer) {
        if (list.getEntriesByName('first-contentful-paint').length === 0) return;
        observer.disconnect();
        start();
      }).observe({ type: 'paint', buffered: true });
    })();</script>`;
        return html.replace('</body>', `  ${loader}\n  </body>`);
      },
    },
  };
}

/**
 * The start in six files instead of sixteen (issue 5). Left to itself the bundler splits the start's code by
 * which lazy pages share each module, into a dozen chunks of 1-6 KB (icons, small store modules) besides the
 * big ones; each costs the start a request, and a compile and a fetch-finished task on the main thread. A page
 * always loads after the app graph (main.tsx imports ./app/boot before routes.tsx can load any page), so a
 * module in that graph gains nothing from a chunk of its own. Groups, one per step of main.tsx's start:
 * React (the entry's static graph), Dexie, the app graph (BOOT_MODULE's static graph) and the start page's
 * graph beyond it. The graphs follow static imports through barrel modules (lucide-react, @sync/index), so
 * the app graph also takes a few small modules only lazy pages use (about 1 KB).
 */
function startChunkGroups(): Plugin {
  const graphs = { react: new Set<string>(), boot: new Set<string>(), page: new Set<string>() };
  return {
    name: 'prompt-runs:start-chunks',
    apply: 'build',
    buildEnd() {
      for (const graph of Object.values(graphs)) graph.clear(); // a rebuild (watch mode) starts afresh
      const ids = [...this.getModuleIds()];
      const find = (suffix: string) => ids.find((id) => id.endsWith(suffix));
      const walk = (id: string | undefined, into: Set<string>, skip: ReadonlySet<string> = new Set()) => {
        if (!id || into.has(id) || skip.has(id)) return;
        into.add(id);
        for (const imported of this.getModuleInfo(id)?.importedIds ?? []) walk(imported, into, skip);
      };
      const main = find('/src/main.tsx');
      if (!main) return; // the service worker's own build
      walk(main, graphs.react);
      graphs.react.delete(main); // stays in the entry chunk
      walk(find(BOOT_MODULE), graphs.boot, graphs.react);
      walk(find(START_PAGE_MODULE), graphs.page, new Set([...graphs.react, ...graphs.boot]));
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

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(APP_VERSION) },
  plugins: [
    react(),
    tailwindcss(),
    startChunkGroups(),
    appShellFirst(),
    // Installable, offline PWA (issue 5). injectManifest: our own worker (src/pwa/sw.ts) precaches every
    // chunk, serves index.html for any in-app URL and handles Background Sync. 'prompt': an update waits
    // for the user's "Reload" (src/pwa/update-prompt.tsx), never reloading by itself.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/pwa',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      injectManifest: {
        // Every route's lazy chunk, the CSS, the shell and the icons: the whole app opens offline.
        globPatterns: ['**/*.{js,css,html,png,svg}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
      manifest: {
        id: '/',
        name: 'prompt-runs: run, save and resume LLM prompts',
        short_name: 'prompt-runs',
        description: 'Run, save and resume LLM prompt conversations, offline-first.',
        lang: 'en',
        start_url: '/ai/prompts',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: THEME,
        background_color: '#f8fafc',
        categories: ['productivity', 'developer'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        shortcuts: [
          {
            name: 'New run',
            short_name: 'New run',
            description: 'Pick a prompt and start a new run',
            url: '/ai/prompts?shortcut=new-run',
            icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }],
          },
          {
            name: 'Runs',
            short_name: 'Runs',
            description: 'Saved runs, newest first',
            url: '/ai/prompts/runs',
            icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }],
          },
        ],
      },
    }),
  ],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      '@sync': fileURLToPath(new URL('./sync', import.meta.url)),
    },
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    target: 'es2022',
    sourcemap: false,
    // One stylesheet, inlined into index.html by appShellFirst. Split per chunk, every lazy chunk listed the
    // entry's stylesheet as its dependency (they import React from the entry chunk), so the first dynamic
    // import fetched the sheet the page already had inline, and the whole page was restyled mid-start.
    cssCodeSplit: false,
  },
});
