// start-loader.ts as the inline script index.html carries: compiled from its TypeScript at build time,
// called with the build's file names, minified.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minify, transformWithOxc } from 'vite';
import type { StartFiles } from './start-loader.ts';

const SOURCE = join(import.meta.dirname, 'start-loader.ts');

export async function compileStartLoader(files: StartFiles): Promise<string> {
  const source = await readFile(SOURCE, 'utf8');
  const { code } = await transformWithOxc(source, SOURCE, { lang: 'ts', target: 'es2022' });
  // The module's one export becomes a plain function, called once in a scope of its own.
  const body = code.replace(/^export function startAfterFirstPaint\(/m, 'function startAfterFirstPaint(');
  if (body === code) throw new Error('compile-start-loader: start-loader.ts no longer exports startAfterFirstPaint');
  const script = `(() => {\n${body}\nstartAfterFirstPaint(${JSON.stringify(files)});\n})();\n`;
  const minified = await minify('start-loader.js', script, { compress: { target: 'es2022' }, mangle: true });
  if (minified.errors.length) throw new Error(`compile-start-loader: ${minified.errors.map((e) => e.message).join('; ')}`);
  return minified.code.trim();
}
