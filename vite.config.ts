import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { BACKGROUND_COLOURS, THEME_COLOURS } from './src/lib/theme.ts';
import { appShellFirst } from './build/app-shell-first.ts';
import { bundleReport } from './build/bundle-report.ts';
import { compileHint } from './build/compile-hint.ts';
import { startChunkGroups } from './build/start-chunk-groups.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
// APP_VERSION lets a build say which one it is (the update test builds twice with different values).
const APP_VERSION = process.env.APP_VERSION ?? pkg.version;

/** Where a start begins (main.tsx's steps): see build/start-chunks.ts. */
const START = {
  boot: '/src/app/boot.ts',
  startPage: '/src/features/prompts/prompts-page.tsx',
  startPaths: ['/', '/ai/prompts'],
};

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(APP_VERSION) },
  plugins: [
    react(),
    tailwindcss(),
    startChunkGroups('/src/main.tsx', START),
    compileHint(START),
    appShellFirst(START),
    bundleReport(),
    // Installable, offline PWA. injectManifest: our own worker (src/pwa/sw.ts) precaches every
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
        theme_color: THEME_COLOURS.light,
        background_color: BACKGROUND_COLOURS.light,
        // The dark theme's colours where the system is dark (the Web App Manifest's color_scheme_dark); index.html's
        // theme-color metas follow an explicit choice in Settings while the app is open.
        ...{ color_scheme_dark: { theme_color: THEME_COLOURS.dark, background_color: BACKGROUND_COLOURS.dark } },
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
