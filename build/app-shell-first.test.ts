import { describe, expect, it } from 'vitest';
import type { Rollup } from 'vite';
import { rewriteShellPage } from './app-shell-first';

const modules = { boot: '/src/app/boot.ts', startPage: '/src/features/prompts/prompts-page.tsx', startPaths: ['/'] };
const bundle = {
  'assets/index-1.js': { type: 'chunk', isEntry: true, facadeModuleId: '/p/index.html', imports: ['assets/app-2.js'], moduleIds: ['/p/src/main.tsx'] },
  'assets/app-2.js': { type: 'chunk', imports: [], moduleIds: ['/p/src/app/boot.ts'] },
  'assets/page-3.js': { type: 'chunk', imports: ['assets/app-2.js'], moduleIds: ['/p/src/features/prompts/prompts-page.tsx'] },
  'assets/index-4.css': { type: 'asset', fileName: 'assets/index-4.css', source: ' .a{color:red} ' },
} as unknown as Rollup.OutputBundle;

/** index.html as Vite writes it before this plugin runs. */
const written = `<html><head><title>t</title>
<script type="module" crossorigin src="/assets/index-1.js"></script>
<link rel="stylesheet" crossorigin href="/assets/index-4.css">
</head><body><div id="root">shell</div></body></html>`;

describe('rewriteShellPage', () => {
  it('drops the tags that load code and styles up front, inlines the stylesheet and adds the loader', async () => {
    const page = await rewriteShellPage(written, bundle, modules);
    expect(page.html).not.toContain('<script');
    expect(page.html).not.toContain('<link');
    expect(page.html).toContain('<div id="root">shell</div>');
    expect(page.tags[0]).toEqual({ tag: 'style', children: '.a{color:red}', injectTo: 'head' });
    expect(page.tags[1]).toMatchObject({ tag: 'script', injectTo: 'body' });
    expect(page.tags[1]?.children).toContain('"/assets/index-1.js"'.replace(/"/g, '`'));
    expect(page.tags[1]?.children).toContain('/assets/app-2.js');
    expect(page.tags[1]?.children).toContain('/assets/page-3.js');
  });

  it('fails the build when Vite writes its tags differently, instead of shipping a page that loads twice', async () => {
    await expect(rewriteShellPage(written.replace(' crossorigin src', ' src'), bundle, modules)).rejects.toThrow('index.html has no <script');
    const preload = written.replace('</head>', '<link rel="modulepreload" href="/assets/app-2.js"></head>');
    await expect(rewriteShellPage(preload, bundle, modules)).rejects.toThrow('still loads a file up front');
  });
});
