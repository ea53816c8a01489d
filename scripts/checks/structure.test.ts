// The structure the house rules ask for (STYLE.md), checked on the repository, and each check shown to
// catch a deliberate violation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { findOversizeFiles, MAX_LINES } from './file-size';
import { buildImportGraph, findCycles } from './import-graph';
import { trackedFiles } from './source-files';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const scratch = mkdtempSync(join(tmpdir(), 'prompt-runs-checks-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(files: Record<string, string>): string[] {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(scratch, name), text);
  return Object.keys(files);
}

describe('import cycles', () => {
  it('src/, sync/ and supabase/ have none (type-only and dynamic imports count)', () => {
    const files = trackedFiles(root, 'src', 'sync', 'supabase').filter((f) => /\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(100);
    expect(findCycles(buildImportGraph(root, files))).toEqual([]);
  });

  it('finds a cycle made only of a type import', () => {
    const files = write({
      'schema.ts': "import { index } from './index-rows';\nexport class Schema { run = index; }\n",
      'index-rows.ts': "import type { Schema } from './schema';\nexport const index = (db?: Schema) => db;\n",
      'leaf.ts': "import type { Schema } from './schema';\nexport type Leaf = Schema;\n",
    });
    const options = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };
    expect(findCycles(buildImportGraph(scratch, files, options))).toEqual([['index-rows.ts', 'schema.ts']]);
  });
});

describe('file size', () => {
  it(`no source file is over ${MAX_LINES} lines (tests and migrations aside)`, () => {
    expect(findOversizeFiles(root, trackedFiles(root))).toEqual([]);
  });

  it('flags a long module but not a long test', () => {
    const long = 'export const x = 1;\n'.repeat(MAX_LINES + 1);
    const files = write({ 'long.ts': long, 'long.test.ts': long, 'short.ts': 'export const y = 2;\n' });
    expect(findOversizeFiles(scratch, files)).toEqual([{ file: 'long.ts', lines: MAX_LINES + 1 }]);
  });
});
