// Small files (STYLE.md: most modules 20–150 lines; only an orchestrator grows larger, with its tests):
// no source file over MAX_LINES lines, tests and migrations aside.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTestOrMigration } from './source-files';

export const MAX_LINES = 300;
const SOURCE = /\.(ts|tsx|js|mjs|cjs|css|html|sql)$/;

export interface Oversize {
  file: string;
  lines: number;
}

export function findOversizeFiles(root: string, files: readonly string[], max = MAX_LINES): Oversize[] {
  return files
    .filter((file) => SOURCE.test(file) && !isTestOrMigration(file))
    .map((file) => ({ file, lines: readFileSync(join(root, file), 'utf8').split('\n').length - 1 }))
    .filter((f) => f.lines > max);
}
