// Tiny-scale runs of the comparison, fan-out and analytics benches (tests/bench/app), so `npm test` keeps
// them working: the same code as `npm run bench`, on a few runs and one round. Figures are not checked here.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { analyticsFigures } from '../bench/app/analytics';
import { compareFigures } from '../bench/app/compare-view';
import { fanOutFigures } from '../bench/app/fan-out';

const root = resolve(import.meta.dirname, '../..');

test('analytics bench runs at a tiny scale', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const f = await analyticsFigures({ browser, appUrl: baseURL! }, 0.01, 1);
  expect(f.seeded.replies).toBe(1000);
  expect(f.first.n).toBe(1);
  expect(f.change.n).toBe(2);
  expect(f.scan.n).toBe(1);
});

test('compare bench runs at a tiny scale', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const f = await compareFigures({ browser, appUrl: baseURL! }, 20, 1);
  expect(f.first.n).toBe(1);
  expect(f.resume.n).toBe(1);
  expect(f.scroll.longest).toBeGreaterThanOrEqual(0);
});

test('fan-out bench runs at a tiny scale', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const f = await fanOutFigures({ browser, appUrl: baseURL! }, 1);
  expect(f.fan.n).toBe(4);
  expect(f.single.n).toBe(1);
});

/** Every bench `npm run bench` finds (pages, app and node benches), at smoke size (BENCH_SMOKE=1). */
function benches(): string[] {
  const list = (dir: string, ext: string) => readdirSync(join(root, 'tests/bench', dir)).filter((f) => f.endsWith(ext));
  return [...list('pages', '.html'), ...list('app', '.ts'), ...list('node', '.ts')];
}

// The whole of `npm run bench` at tiny sizes: it must run to its end (a bench that throws stops it), and
// every bench must report figures. It builds and serves its own copies of the app (never dist/).
test('npm run bench runs to its end at smoke size, every bench reporting figures', async () => {
  test.setTimeout(25 * 60_000);
  const results = join(root, '.tmp/bench-smoke-results.json');
  rmSync(results, { force: true });
  const output: string[] = [];
  const code = await new Promise<number | null>((done) => {
    // The app must build as for production (service worker and all), whatever the runner's environment.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV'));
    const child = spawn('npx', ['tsx', 'tests/bench/run-bench.ts'], { cwd: root, env: { ...env, BENCH_SMOKE: '1', BENCH_RESULTS: results } });
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    child.on('close', done);
  });
  expect(code, output.join('').slice(-4_000)).toBe(0);
  const figures = JSON.parse(readFileSync(results, 'utf8')) as Array<{ suite: string }>;
  for (const bench of benches()) expect(figures.filter((f) => f.suite === bench).length, `${bench} reported no figure`).toBeGreaterThan(0);
});
