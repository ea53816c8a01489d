// Analytics figures in the built app (real Chromium IndexedDB): 10,000 runs with 100,000 replies over a year,
// 4 models and 20 prompts. Navigation → first chart drawn, and a period change → chart redrawn, both read from
// the kept totals; baseline in the same run: a full scan of every message (read and add up the same figures).
// ANALYTICS_BENCH_SCALE=0.01 is the smoke run npm test makes.
import type { Page } from '@playwright/test';
import { stats, type BenchFigure } from '../harness';
import { timeInApp } from '../in-app';
import type { AppBenchContext } from '../run-bench';

const ROUNDS = 12;
/** How long the app has been up (its start done) before the person clicks: a session, not a race with the start. */
export const SETTLE_MS = 3_000;

/** Seeds runs and messages straight into IndexedDB (bypassing the app), then marks the totals as kept in
 *  another time zone so the app's first open rebuilds them (as after an upgrade) before anything is timed. */
export async function seedUsage(page: Page, scale: number): Promise<{ runs: number; replies: number }> {
  return page.evaluate(async (scale) => {
    const RUNS = Math.max(4, Math.round(10_000 * scale));
    const REPLIES = 10;
    const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'echo'];
    const PROMPTS = Array.from({ length: 20 }, (_, i) => `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`);
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open('prompt-runs-local');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const put = (rows: Array<[string, unknown]>) =>
      new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['runs', 'messages', 'meta'], 'readwrite');
        for (const [store, row] of rows) tx.objectStore(store).put(row);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    const now = Date.now();
    let batch: Array<[string, unknown]> = [];
    for (let i = 0; i < RUNS; i += 1) {
      const runId = `00000000-0000-4000-b000-${String(i).padStart(12, '0')}`;
      const model = MODELS[i % MODELS.length]!;
      const created = now - ((i * 37) % 365) * 86_400_000;
      let parent: string | null = null;
      for (let r = 0; r < REPLIES; r += 1) {
        const at = new Date(created + r * 60_000).toISOString();
        const user: Record<string, unknown> = { id: `${runId}-u${r}`, runId, parentId: parent, role: 'user', content: `Question ${r}`, status: 'done', createdAt: at };
        const reply: Record<string, unknown> = {
          id: `${runId}-a${r}`, runId, parentId: user.id, role: 'assistant', content: `Answer ${r}`, status: 'done', createdAt: at,
          metadata: { modelId: model, modelName: model === 'echo' ? 'Echo (offline)' : `${model} · Bench`, tokens: 50 + (i % 50), inputTokens: 500 + r * 100, totalTime: 800 + (i % 400), timeToFirstToken: 200 },
        };
        batch.push(['messages', user], ['messages', reply]);
        parent = String(reply.id);
      }
      const iso = new Date(created).toISOString();
      batch.push(['runs', {
        id: runId, prompt_id: PROMPTS[i % PROMPTS.length], user_id: null, name: `Usage ${i}`, description: '', variable_values: {},
        settings: { provider: 'bench', model_id: model }, status: 'active', message_count: REPLIES * 2, is_starred: false,
        created_at: iso, updated_at: iso, last_message_at: iso, current_leaf_id: parent, last_message_preview: '', field_updated_at: {},
      }]);
      if (batch.length >= 5_000) {
        await put(batch);
        batch = [];
      }
    }
    batch.push(['meta', { key: 'usage-totals-time-zone', value: 'Bench/Elsewhere' }]);
    await put(batch);
    db.close();
    return { runs: RUNS, replies: RUNS * REPLIES };
  }, scale);
}

/**
 * Waits in the page for a performance mark. Not page.waitForFunction: its first use in a document evaluates
 * Playwright's injected script (a parse of ~30-50 ms on the page's main thread), which then lands in the
 * middle of the app's start and counted in the figure, though no user's page runs it.
 */
export function untilMark(page: Page, name: string, timeout = 60_000): Promise<void> {
  return page.evaluate(({ name, timeout }) => new Promise<void>((resolve, reject) => {
    const seen = () => performance.getEntriesByName(name).length > 0;
    if (seen()) return resolve();
    const observer = new PerformanceObserver(() => {
      if (!seen()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe({ type: 'mark' });
    setTimeout(() => reject(new Error(`no ${name} mark after ${timeout} ms`)), timeout);
  }), { name, timeout });
}

const chartMarks = (page: Page) => page.evaluate(() => performance.getEntriesByName('analytics:chart-drawn').length);

/** The baseline: every message read and the period's figures added up from them, as a page would without totals. */
function fullScan(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const started = performance.now();
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open('prompt-runs-local');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as T[]);
        req.onerror = () => reject(req.error);
      });
    const [runs, messages] = await Promise.all([all<{ id: string; prompt_id: string }>('runs'), all<{ runId: string; role: string; createdAt: string; metadata?: Record<string, number | string> }>('messages')]);
    const prompts = new Map(runs.map((r) => [r.id, r.prompt_id]));
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const sums = new Map<string, number>();
    for (const m of messages) {
      if (m.role !== 'assistant' || m.createdAt < since) continue;
      const key = `${m.createdAt.slice(0, 10)}|${prompts.get(m.runId)}|${m.metadata?.modelId}`;
      sums.set(key, (sums.get(key) ?? 0) + Number(m.metadata?.tokens ?? 0) + Number(m.metadata?.inputTokens ?? 0));
    }
    db.close();
    return performance.now() - started;
  });
}

/**
 * The person's path: the app open on the runs page (a fresh session each round, up for a few seconds), a
 * click on the nav link "Analytics" → the first chart drawn, timed in the page from the click's pointerdown.
 */
export async function analyticsInApp(page: Page, appUrl: string, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    times.push(await timeInApp(page, {
      startUrl: `${appUrl}/ai/prompts/runs`,
      ready: (p) => p.getByRole('link', { name: /^Usage \d+$/ }).first().waitFor({ timeout: 120_000 }),
      settleMs: SETTLE_MS,
      target: (p) => p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }),
      end: { mark: 'analytics:chart-drawn' },
    }));
  }
  return times;
}

export async function analyticsFigures(ctx: AppBenchContext, scale: number, rounds = ROUNDS) {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 } });
  // tsx (keepNames) wraps the named functions of page.evaluate bodies in a __name helper the page lacks.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const page = await context.newPage();
  await page.goto(`${ctx.appUrl}/ai/prompts`);
  await page.getByRole('heading', { name: 'Free chat' }).waitFor();
  const seeded = await seedUsage(page, scale);
  // The first open rebuilds the totals from every message (the upgrade's work): not timed.
  await page.goto(`${ctx.appUrl}/ai/prompts/analytics`);
  await page.waitForFunction(() => performance.getEntriesByName('analytics:chart-drawn').length > 0, undefined, { timeout: 300_000 });
  const first: number[] = [];
  const page0: number[] = [];
  const change: number[] = [];
  const scan: number[] = [];
  const periods = ['Last 7 days', 'Last 90 days', 'Last 12 months', 'Last 30 days'];
  for (let i = 0; i < rounds; i += 1) {
    await page.goto(`${ctx.appUrl}/ai/prompts/analytics`);
    await untilMark(page, 'analytics:chart-drawn');
    first.push(await page.evaluate(() => performance.getEntriesByName('analytics:chart-drawn')[0]!.startTime));
    page0.push(await page.evaluate(() => performance.getEntriesByName('analytics:chart-drawn')[0]!.startTime - performance.getEntriesByName('analytics:load-start')[0]!.startTime));
    for (const label of periods.slice(0, 2)) {
      const before = await chartMarks(page);
      const t0 = await page.evaluate(() => performance.now());
      await page.getByRole('combobox', { name: 'Period' }).selectOption({ label });
      // Three charts redraw; the figure is the last of them (the page fully showing the new period).
      await page.waitForFunction((n) => performance.getEntriesByName('analytics:chart-drawn').length >= n + 3, before, { timeout: 60_000 });
      const end = await page.evaluate((n) => performance.getEntriesByName('analytics:chart-drawn')[n + 2]!.startTime, before);
      change.push(end - t0);
    }
    scan.push(await fullScan(page));
  }
  const inApp = await analyticsInApp(page, ctx.appUrl, rounds);
  await context.close();
  return { seeded, first: stats(first), inApp: stats(inApp), page: stats(page0), change: stats(change), scan: stats(scan) };
}

export default async function analyticsBench(ctx: AppBenchContext): Promise<BenchFigure[]> {
  const scale = process.env.BENCH_SMOKE === '1' ? 0.01 : Number(process.env.ANALYTICS_BENCH_SCALE ?? 1);
  const f = await analyticsFigures(ctx, scale, process.env.BENCH_SMOKE === '1' ? 1 : undefined);
  const size = `${f.seeded.runs.toLocaleString('en')} runs / ${f.seeded.replies.toLocaleString('en')} replies`;
  return [
    { name: `Analytics over ${size}: navigation (a cold load of its URL) → first chart drawn`, unit: 'ms', value: f.first, goal: '≤ 300 ms p95', baseline: { name: 'a full scan of all messages for the same figures (read + add up), no page', value: f.scan } },
    { name: `Analytics over ${size}: in the app (runs page open a few seconds), click on "Analytics" → first chart drawn`, unit: 'ms', value: f.inApp, goal: '≤ 300 ms p95', baseline: { name: 'the same full scan', value: f.scan } },
    { name: `Analytics over ${size}: the page's first render → first chart drawn (app start left out)`, unit: 'ms', value: f.page, baseline: { name: 'the same full scan', value: f.scan } },
    { name: `Analytics over ${size}: period change → every chart redrawn`, unit: 'ms', value: f.change, goal: '≤ 100 ms p95', baseline: { name: 'the same full scan', value: f.scan } },
  ];
}
