import { describe, expect, it } from 'vitest';
import type { Rollup } from 'vite';
import { COMPILE_HINT, compileHint } from './compile-hint';

const modules = { boot: '/src/app/boot.ts', startPage: '/src/features/prompts/prompts-page.tsx', startPaths: ['/'] };

function chunk(code: string, extra: object) {
  return { type: 'chunk', code, imports: [], ...extra };
}

describe('compileHint', () => {
  it("puts the hint first in the start's chunks only", () => {
    const bundle = {
      'index.js': chunk('main()', { isEntry: true, facadeModuleId: '/p/index.html', imports: ['app.js'], moduleIds: ['/p/src/main.tsx'] }),
      'app.js': chunk('boot()', { moduleIds: ['/p/src/app/boot.ts'] }),
      'page.js': chunk('page()', { moduleIds: ['/p/src/features/prompts/prompts-page.tsx'] }),
      'settings.js': chunk('settings()', { moduleIds: ['/p/src/features/settings/settings-page.tsx'] }),
    } as unknown as Rollup.OutputBundle;
    const plugin = compileHint(modules);
    const generate = plugin.generateBundle as { handler: (options: unknown, bundle: Rollup.OutputBundle) => void };
    generate.handler({}, bundle);
    const code = (file: string) => (bundle[file] as Rollup.OutputChunk).code;
    expect(code('index.js')).toBe(`${COMPILE_HINT}\nmain()`);
    expect(code('app.js')).toBe(`${COMPILE_HINT}\nboot()`);
    expect(code('page.js')).toBe(`${COMPILE_HINT}\npage()`);
    expect(code('settings.js')).toBe('settings()');
  });
});
