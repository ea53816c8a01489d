// `npm run bench`: builds the bench pages and the app, runs every bench in the system Chromium (or in
// Node for server-side figures) and prints each figure beside the baseline measured in the same run.
import { build, preview } from 'vite';
import { chromium, type Browser } from '@playwright/test';
import { existsSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { BenchFigure, BenchOptions, Stats } from './harness';
import { BASELINE_COMMIT, baselineTree } from './support/baseline-app';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const pagesDir = join(root, 'tests/bench/pages');
const filter = process.argv[2];
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

export interface AppBenchContext {
  browser: Browser;
  appUrl: string;
  /** Sizes for this run (npm test's smoke run passes tiny ones); benches may also read BENCH_SMOKE themselves. */
  options?: BenchOptions;
}

/** BENCH_SYNC_DIR: the page benches' data layer from another tree (a baseline's `sync/`, for an A/B in one run). BENCH_NO_MINIFY=1 builds the app unminified (readable CPU profiles). BENCH_SMOKE=1: every bench at a tiny size, to prove it still runs (npm test does this); BENCH_SCALE scales the sizes. */
export const options: BenchOptions = { smoke: process.env.BENCH_SMOKE === '1', scale: Number(process.env.BENCH_SCALE ?? 1) };

function format(v: Stats | number, unit: string): string {
  if (typeof v === 'number') return `${v} ${unit}`;
  return `median ${v.median} ${unit}, p95 ${v.p95} ${unit} (n=${v.n}, min ${v.min}, max ${v.max})`;
}

async function servePages(): Promise<{ url: string; close: () => Promise<void> }> {
  const outDir = join(root, '.tmp/bench-pages');
  const inputs = Object.fromEntries(
    readdirSync(pagesDir).filter((f) => f.endsWith('.html')).map((f) => [basename(f, '.html'), join(pagesDir, f)]),
  );
  // Bench pages are plain modules over the data layer: no app plugins (the PWA one expects the app root).
  // `@baseline-sync` is BENCH_BASELINE_COMMIT's data layer (this checkout's when unset), for an A/B in one page.
  const baseline = process.env.BENCH_BASELINE_COMMIT ? baselineTree(root) : root;
  if (typeof baseline !== 'string') throw new Error(baseline.unavailable);
  const pageConfig = { configFile: false as const, root: pagesDir, logLevel: 'warn' as const,
    define: { __BASELINE_SYNC__: JSON.stringify(baseline === root ? 'this checkout' : BASELINE_COMMIT.slice(0, 7)) },
    resolve: { alias: { '@baseline-sync': join(baseline, 'sync'), '@': join(root, 'src'), '@sync': process.env.BENCH_SYNC_DIR ?? join(root, 'sync') } } };
  await build({ ...pageConfig, build: { outDir, emptyOutDir: true, rollupOptions: { input: inputs } } });
  const server = await preview({ ...pageConfig, build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
  const url = server.resolvedUrls?.local[0] ?? '';
  return { url, close: () => server.close() };
}

async function serveApp(): Promise<{ url: string; close: () => Promise<void> }> {
  // Built beside dist/, not into it: a browser test may be serving dist/ meanwhile.
  const outDir = join(root, '.tmp/bench-app');
  await build({ configFile: join(root, 'vite.config.ts'), root, logLevel: 'warn', build: { outDir, emptyOutDir: true, ...(process.env.BENCH_NO_MINIFY === '1' ? { minify: false } : {}) } });
  const server = await preview({ configFile: join(root, 'vite.config.ts'), root, logLevel: 'warn', build: { outDir },
    preview: { port: 0, host: '127.0.0.1' } });
  return { url: (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, ''), close: () => server.close() };
}

const wanted = (name: string) => !filter || name.includes(filter);
const started = Date.now();
/** How long each bench took (printed as it ends), so a slow or stuck one shows. */
function timed(suite: string, t0: number): void {
  console.log(`bench ${suite}: ${((Date.now() - t0) / 1000).toFixed(1)} s (${((Date.now() - started) / 1000).toFixed(0)} s since the start)`);
}
const listDir = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

async function main(): Promise<void> {
  const figures: Array<BenchFigure & { suite: string }> = [];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const pages = readdirSync(pagesDir).filter((f) => f.endsWith('.html') && wanted(f));
    if (pages.length) {
      const served = await servePages();
      for (const file of pages) {
        // A profile on disk: an incognito context keeps IndexedDB in memory, which no device does.
        const dir = mkdtempSync(join(tmpdir(), 'prompt-runs-bench-page-'));
        const t0 = Date.now();
        const context = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
        try {
          const page = context.pages()[0] ?? (await context.newPage());
          page.on('console', (m) => m.text().includes('bench:') && console.log(m.text()));
          // BENCH_PAGE_QUERY (e.g. '?probe&nobaseline'): switches a page bench reads from its URL.
          await page.goto(`${served.url}${file}${process.env.BENCH_PAGE_QUERY ?? ''}`);
          await page.waitForFunction(() => typeof window.__bench === 'function');
          const result = await page.evaluate((o) => window.__bench!(o), options);
          figures.push(...result.map((f) => ({ ...f, suite: file })));
        } finally {
          await context.close();
          rmSync(dir, { recursive: true, force: true });
          timed(file, t0);
        }
      }
      await served.close();
    }
    const appBenches = listDir(join(root, 'tests/bench/app')).filter((f) => f.endsWith('.ts') && wanted(f));
    if (appBenches.length) {
      const app = await serveApp();
      for (const file of appBenches) {
        const t0 = Date.now();
        const mod = (await import(join(root, 'tests/bench/app', file))) as { default: (c: AppBenchContext) => Promise<BenchFigure[]> };
        figures.push(...(await mod.default({ browser, appUrl: app.url, options })).map((f) => ({ ...f, suite: file })));
        timed(file, t0);
      }
      await app.close();
    }
  } finally {
    await browser.close();
  }
  for (const file of listDir(join(root, 'tests/bench/node')).filter((f) => f.endsWith('.ts') && wanted(f))) {
    const t0 = Date.now();
    const mod = (await import(join(root, 'tests/bench/node', file))) as { default: (o: BenchOptions) => Promise<BenchFigure[]> };
    figures.push(...(await mod.default(options)).map((f) => ({ ...f, suite: file })));
    timed(file, t0);
  }
  console.log('\nBenchmarks (each beside its baseline, measured in the same run)\n');
  for (const f of figures) {
    console.log(`• ${f.name}${f.goal ? `  [goal: ${f.goal}]` : ''}`);
    console.log(`    ours:     ${format(f.value, f.unit)}`);
    if (f.baseline) console.log(`    baseline: ${format(f.baseline.value, f.unit)}  — ${f.baseline.name}`);
  }
  mkdirSync(join(root, '.tmp'), { recursive: true });
  writeFileSync(process.env.BENCH_RESULTS ?? join(root, '.tmp/bench-results.json'), JSON.stringify(figures, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
