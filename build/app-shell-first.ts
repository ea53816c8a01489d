// First paint without waiting for any file but the HTML. index.html already holds the app shell as static
// markup, so this (build only) inlines the one stylesheet and, instead of the entry <script> in <head>,
// carries a small loader (start-loader.ts) that starts the app's code after the shell's first frame. The
// stylesheet file stays in the build (precached, unused by the page).
import type { HtmlTagDescriptor, Plugin, Rollup } from 'vite';
import { compileStartLoader } from './compile-start-loader.ts';
import { findStartChunks, type StartModules } from './start-chunks.ts';

export interface ShellPage {
  html: string;
  tags: HtmlTagDescriptor[];
}

/**
 * index.html as Vite wrote it → the page without the tags that load the entry and the stylesheet up
 * front, with the stylesheet inline and the loader to run. Vite's tags are matched exactly (from the
 * bundle's file names), so a change in how Vite writes them fails the build instead of going unnoticed.
 */
export async function rewriteShellPage(html: string, bundle: Rollup.OutputBundle, modules: StartModules, base = '/'): Promise<ShellPage> {
  const start = findStartChunks(bundle, modules);
  if (!start) throw new Error('app-shell-first: the bundle has no index.html entry');
  const remove = (tag: string) => {
    if (!html.includes(tag)) throw new Error(`app-shell-first: index.html has no ${tag}`);
    html = html.replace(tag, '');
  };
  remove(`<script type="module" crossorigin src="${base}${start.entry}"></script>`);
  const styles: HtmlTagDescriptor[] = [];
  for (const asset of Object.values(bundle)) {
    if (asset.type !== 'asset' || !asset.fileName.endsWith('.css')) continue;
    const link = `<link rel="stylesheet" crossorigin href="${base}${asset.fileName}">`;
    if (!html.includes(link)) continue; // a stylesheet of another page
    remove(link);
    styles.push({ tag: 'style', children: String(asset.source).trim(), injectTo: 'head' });
  }
  if (/<link[^>]+rel="(stylesheet|modulepreload)"/.test(html)) throw new Error('app-shell-first: index.html still loads a file up front');
  const url = (file: string) => `${base}${file}`;
  const loader = await compileStartLoader({
    entry: url(start.entry),
    common: start.common.map(url),
    startPage: start.startPage.map(url),
    startPaths: modules.startPaths,
  });
  return { html, tags: [...styles, { tag: 'script', children: loader, injectTo: 'body' }] };
}

export function appShellFirst(modules: StartModules): Plugin {
  let base = '/';
  return {
    name: 'prompt-runs:app-shell-first',
    apply: 'build',
    // The loader fetches the start's files itself, one per task: no <link rel="modulepreload"> in the page.
    // Lazy pages keep theirs (dynamic imports preload their chunks' imports).
    config: () => ({ build: { modulePreload: { resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? [] : deps) } } }),
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler: (html, ctx) => (ctx.bundle ? rewriteShellPage(html, ctx.bundle, modules, base) : undefined),
    },
  };
}
