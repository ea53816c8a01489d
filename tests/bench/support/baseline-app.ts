// The app as it was before the new-device work (a fixed commit), built and served beside the current
// one, so a bench can measure both in the same run on the same host. The commit's files come from git
// (`git archive`), its build uses this checkout's node_modules.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';

/**
 * main before the size work: sync_pull from the oldest change, the multi-entry word index.
 * BENCH_BASELINE_COMMIT measures another commit beside this checkout instead (main before a change, say).
 */
export const BASELINE_COMMIT = process.env.BENCH_BASELINE_COMMIT
  ? execFileSync('git', ['rev-parse', '--verify', `${process.env.BENCH_BASELINE_COMMIT}^{commit}`]).toString().trim()
  : '17960fbd6c325db8402b9b0951afc5c8b24e2fc8';

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

/**
 * The commit's files (once per commit, under the system's temporary folder, this checkout's node_modules
 * linked in): its directory, or why git could not produce it.
 */
export function baselineTree(root: string, commit = BASELINE_COMMIT): string | { unavailable: string } {
  const dir = join(tmpdir(), 'prompt-runs-bench-baseline', commit.slice(0, 12));
  const modules = join(dir, 'node_modules');
  if (existsSync(join(dir, 'package.json'))) {
    // The checkout that extracted it may be gone (a removed worktree): its link is then linked here again.
    if (!existsSync(modules)) {
      rmSync(modules, { force: true });
      symlinkSync(join(root, 'node_modules'), modules, 'dir');
    }
    return dir;
  }
  try {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync('git', ['-C', root, 'archive', '--format=tar', commit], { maxBuffer: 512 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    symlinkSync(join(root, 'node_modules'), modules, 'dir');
    return dir;
  } catch (error) {
    return { unavailable: `git could not produce commit ${commit.slice(0, 12)}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
}

/**
 * Builds (once per commit, kept under the system's temporary folder) and serves the baseline app; null when
 * git cannot produce it. Outside the checkout: Tailwind skips git-ignored folders such as .tmp, so a build
 * there came out with another stylesheet than the commit's own.
 */
export async function serveBaselineApp(root: string, commit = BASELINE_COMMIT): Promise<ServedApp | { unavailable: string }> {
  const dir = join(tmpdir(), 'prompt-runs-bench-baseline', commit.slice(0, 12));
  const dist = join(dir, 'dist');
  // Also for a build kept from before: its config loads plugins from the linked node_modules.
  const tree = baselineTree(root, commit);
  if (typeof tree !== 'string') return tree;
  if (!existsSync(join(dist, 'index.html'))) {
    await build({ configFile: join(dir, 'vite.config.ts'), root: dir, logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });
  }
  const server = await preview({ configFile: join(dir, 'vite.config.ts'), root: dir, logLevel: 'warn',
    build: { outDir: dist }, preview: { port: 0, host: '127.0.0.1' } });
  return { url: (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, ''), close: () => server.close() };
}
