// `npm run bench` at smoke size (BENCH_SMOKE=1: every bench tiny), so a bench cannot rot unnoticed: the
// whole run must reach its end (a bench that throws stops it) and every bench must report figures. It
// builds and serves its own copies of the app (never dist/) and launches the system Chromium itself.
// About two and a half minutes on two cores; run here, beside the other suites, rather than as a browser
// test, where it held one of Playwright's two workers for as long.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Every bench `npm run bench` finds (pages, app and node benches). */
function benches(): string[] {
  const list = (dir: string, ext: string) => readdirSync(join(root, 'tests/bench', dir)).filter((f) => f.endsWith(ext));
  return [...list('pages', '.html'), ...list('app', '.ts'), ...list('node', '.ts')];
}

it('npm run bench runs to its end at smoke size, every bench reporting figures', async () => {
  const results = join(root, '.tmp/bench-smoke-results.json');
  rmSync(results, { force: true });
  const output: string[] = [];
  const code = await new Promise<number | null>((done) => {
    // The app must build as for production (service worker and all), whatever the runner's environment.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST'));
    const child = spawn('npm', ['run', 'bench'], { cwd: root, env: { ...env, BENCH_SMOKE: '1', BENCH_RESULTS: results } });
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    child.on('close', done);
  });
  const log = output.join('');
  // Each bench's time, so a slow one shows in the test output.
  console.log(log.split('\n').filter((l) => l.startsWith('bench ')).join('\n'));
  expect(code, log.slice(-4_000)).toBe(0);
  const figures = JSON.parse(readFileSync(results, 'utf8')) as Array<{ suite: string }>;
  for (const bench of benches()) expect(figures.filter((f) => f.suite === bench).length, `${bench} reported no figure`).toBeGreaterThan(0);
}, 600_000);
