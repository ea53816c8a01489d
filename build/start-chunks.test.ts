import { describe, expect, it } from 'vitest';
import { findStartChunks, type ChunkGraph } from './start-chunks';

const modules = { boot: '/src/app/boot.ts', startPage: '/src/features/prompts/prompts-page.tsx', startPaths: ['/'] };

const graph: ChunkGraph = {
  'index.js': { isEntry: true, facadeModuleId: '/app/index.html', imports: ['runtime.js', 'react.js'], moduleIds: ['/app/src/main.tsx'] },
  'runtime.js': { imports: [] },
  'react.js': { imports: ['runtime.js'], moduleIds: ['/app/node_modules/react/index.js'] },
  'app.js': { imports: ['react.js', 'dexie.js'], moduleIds: ['/app/src/app/boot.ts'] },
  'dexie.js': { imports: [], moduleIds: ['/app/node_modules/dexie/dist/dexie.mjs'] },
  'start-page.js': { imports: ['app.js', 'icons.js'], moduleIds: ['/app/src/features/prompts/prompts-page.tsx'] },
  'icons.js': { imports: [], moduleIds: ['/app/node_modules/lucide-react/x.js'] },
  'settings.js': { imports: ['app.js'], moduleIds: ['/app/src/features/settings/settings-page.tsx'] },
};

describe('findStartChunks', () => {
  it('takes the entry, what every start needs, and the start page beyond it; never a later page', () => {
    const start = findStartChunks(graph, modules);
    expect(start?.entry).toBe('index.js');
    expect(start?.common.sort()).toEqual(['app.js', 'dexie.js', 'react.js', 'runtime.js']);
    expect(start?.startPage.sort()).toEqual(['icons.js', 'start-page.js']);
    expect(start?.all.has('settings.js')).toBe(false);
  });

  it('is null for a build without index.html (the service worker) and refuses a graph without the boot module', () => {
    expect(findStartChunks({ 'sw.js': { isEntry: true, facadeModuleId: '/app/src/pwa/sw.ts' } }, modules)).toBeNull();
    const { 'app.js': _app, ...withoutBoot } = graph;
    expect(() => findStartChunks(withoutBoot, modules)).toThrow('no chunk holds /src/app/boot.ts');
  });
});
