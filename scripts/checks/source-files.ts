// Which tracked files the structure checks look at.
import { execFileSync } from 'node:child_process';

export function trackedFiles(root: string, ...pathspecs: string[]): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...pathspecs], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

/** Tests, test kits and fakes, and SQL migrations (never edited once landed): exempt from the size limit. */
export function isTestOrMigration(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || /(^|\/)tests?\//.test(file) || file.startsWith('supabase/migrations/');
}
