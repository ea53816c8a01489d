// Start-up figures: cold start (browser relaunched, same profile) to an interactive runs list with 1,000
// runs, offline from the service worker beside the same start online; and the JavaScript the first route
// ships, gzip (goal ≤ 200 KB).
import { chromium, type BrowserContext, type Page, type Response } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AppBenchContext } from '../run-bench';
import { stats, round, type BenchFigure } from '../harness';
import { waitForAppDatabase } from '../support/app-database';

const SMOKE = process.env.BENCH_SMOKE === '1'; // npm test's smoke run: tiny sizes, proves the bench still works
const RUNS = SMOKE ? 20 : 1000;
const STARTS = SMOKE ? 1 : 7;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const PROMPT_ID = '00000000-0000-4000-8000-000000000003'; // "Free chat", an example prompt

const launch = (dir: string, appUrl: string): Promise<BrowserContext> =>
  chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS, baseURL: appUrl });

/** Write 1,000 runs straight into the app's database (created by the first visit), newest first by time. */
async function seedRuns(page: Page): Promise<void> {
  await page.evaluate(
    ({ count, promptId }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('prompt-runs-local');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('runs', 'readwrite');
          const base = Date.UTC(2026, 10, 1);
          for (let i = 0; i < count; i += 1) {
            const at = new Date(base + i * 60_000).toISOString();
            tx.objectStore('runs').put({
              id: `bench-run-${String(i).padStart(4, '0')}`, prompt_id: promptId, user_id: null, name: `Bench run ${i}`, description: '',
              variable_values: {}, settings: { provider: 'echo', model_id: 'echo' }, status: 'active', message_count: 2, visible_message_count: 2, is_starred: false, is_pinned: false,
              created_at: at, updated_at: at, last_message_at: at, current_leaf_id: null, last_message_preview: `Echo: message ${i}`, field_updated_at: {},
            });
          }
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { count: RUNS, promptId: PROMPT_ID },
  );
}

/** ms from navigation start until the newest run is on screen and the main thread answers the next task. */
async function coldStart(dir: string, appUrl: string, offline: boolean): Promise<number> {
  const context = await launch(dir, appUrl);
  try {
    if (offline) await context.setOffline(true);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/ai/prompts/runs');
    await page.getByText(`Bench run ${RUNS - 1}`, { exact: true }).first().waitFor({ timeout: 60_000 });
    return await page.evaluate(() => new Promise<number>((resolve) => setTimeout(() => resolve(performance.now()), 0)));
  } finally {
    await context.close();
  }
}

/** Gzip size of every script the page itself loads for a route (the worker's precache downloads excluded). */
async function firstRouteJs(context: AppBenchContext, path: string): Promise<{ gzip: number; raw: number; files: number }> {
  const page = await context.browser.newPage({ serviceWorkers: 'block' });
  const scripts = new Map<string, Response>();
  // By URL, not resource type: modulepreload'ed chunks are JavaScript too.
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.js')) scripts.set(response.url(), response);
  });
  await page.goto(`${context.appUrl}${path}`, { waitUntil: 'networkidle' });
  const all = await Promise.all([...scripts.values()].map((r) => r.body()));
  await page.close();
  return { gzip: all.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0), raw: all.reduce((n, b) => n + b.length, 0), files: all.length };
}

export default async function pwaColdStart(context: AppBenchContext): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'prompt-runs-bench-pwa-'));
  try {
    // Online first visit installs the worker (which precaches every chunk) and creates the database.
    const setup = await launch(dir, context.appUrl);
    const page = setup.pages()[0] ?? (await setup.newPage());
    await page.goto('/ai/prompts');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    await page.getByRole('heading', { name: 'Free chat' }).waitFor();
    await waitForAppDatabase(page);
    await seedRuns(page);
    await setup.close();

    const offline: number[] = [];
    const online: number[] = [];
    for (let i = 0; i < STARTS; i += 1) {
      offline.push(await coldStart(dir, context.appUrl, true));
      online.push(await coldStart(dir, context.appUrl, false));
    }
    const start = await firstRouteJs(context, '/ai/prompts');
    const runsRoute = await firstRouteJs(context, '/ai/prompts/runs');
    return [
      {
        name: `Cold start to an interactive runs list (${RUNS} runs), offline from the service worker`,
        unit: 'ms',
        value: stats(offline),
        baseline: { name: 'the same cold start online (server up)', value: stats(online) },
      },
      {
        name: `JavaScript shipped for the start route /ai/prompts, gzip (${start.files} files, ${round(start.raw / 1024)} KB raw)`,
        unit: 'KB',
        value: round(start.gzip / 1024),
        goal: '≤ 200 KB',
      },
      {
        name: `JavaScript shipped for /ai/prompts/runs opened directly, gzip (${runsRoute.files} files)`,
        unit: 'KB',
        value: round(runsRoute.gzip / 1024),
        goal: '≤ 200 KB',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
