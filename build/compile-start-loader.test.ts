// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { compileStartLoader } from './compile-start-loader';

describe('compileStartLoader', () => {
  it('compiles start-loader.ts into one small script that starts the given entry', async () => {
    const script = await compileStartLoader({ entry: '/assets/index-abc.js', common: [], startPage: [], startPaths: ['/'] });
    expect(script).not.toMatch(/\bexport\b|: StartFiles|\n\s*\/\//); // plain, minified JavaScript
    expect(script.length).toBeLessThan(1500);
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    new Function(script)();
    expect(document.head.querySelector('script[type=module]')?.getAttribute('src')).toBe('/assets/index-abc.js');
  });
});
