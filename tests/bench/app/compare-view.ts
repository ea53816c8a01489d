// Compare figures in the built app (real Chromium IndexedDB): two 1,000-message runs side by side.
// First screen (navigation → first turn on screen) and the longest main-thread task while scrolling every
// turn; baseline in the same run: the runner resuming one of the two runs, and scrolling it.
// COMPARE_BENCH_SCALE=0.05 is the smoke run npm test makes.
import type { Page } from '@playwright/test';
import { stats, type BenchFigure } from '../harness';
import { timeInApp } from '../in-app';
import type { AppBenchContext } from '../run-bench';
import { SETTLE_MS } from './analytics';

export const PROMPT_ID = '00000000-0000-4000-8000-000000000003';

export async function seedPair(page: Page, count: number): Promise<string[]> {
  return page.evaluate(async ({ count, promptId }) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open('prompt-runs-local');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const ids: string[] = [];
    for (const variant of ['keeps', 'stores']) {
      const runId = crypto.randomUUID();
      ids.push(runId);
      const base = Date.UTC(2026, 0, 1);
      const messages = Array.from({ length: count }, (_, i) => ({
        id: `${runId}-${i}`, runId, parentId: i ? `${runId}-${i - 1}` : null, role: i % 2 ? 'assistant' : 'user',
        content: i % 2 ? `Reply ${i}: the cache ${variant} **copies** near you.\n\n- one\n- two\n\n` + 'lorem ipsum dolor sit amet '.repeat(8) : `Message ${i}`,
        status: 'done', createdAt: new Date(base + i * 1000).toISOString(),
        ...(i % 2 ? { metadata: { modelId: 'echo', modelName: 'Echo (offline)', tokens: 40, inputTokens: 400, totalTime: 500 } } : {}),
      }));
      const last = new Date(base + count * 1000).toISOString();
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['runs', 'messages'], 'readwrite');
        tx.objectStore('runs').put({
          id: runId, prompt_id: promptId, user_id: null, name: `Bench ${variant}`, description: '', variable_values: { topic: variant },
          settings: { provider: 'echo', model_id: 'echo' }, status: 'active', message_count: count, is_starred: false,
          created_at: last, updated_at: last, last_message_at: last, current_leaf_id: `${runId}-${count - 1}`, last_message_preview: '', field_updated_at: {},
        });
        for (const m of messages) tx.objectStore('messages').put(m);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
    db.close();
    return ids;
  }, { count, promptId: PROMPT_ID });
}

/** Scrolls `selector` from top to bottom a screen per frame; returns the longest task seen (ms) and how many passed 50 ms. */
export function scrollThrough(page: Page, selector: string): Promise<{ longest: number; over50: number }> {
  return page.evaluate(async (selector) => {
    const el = document.querySelector<HTMLElement>(selector)!;
    const tasks: number[] = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration)));
    observer.observe({ type: 'longtask', buffered: false });
    el.scrollTop = 0;
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    for (let i = 0; i < 2000 && el.scrollTop + el.clientHeight < el.scrollHeight - 2; i += 1) {
      el.scrollTop += el.clientHeight * 0.8;
      await frame();
    }
    await new Promise((r) => setTimeout(r, 200));
    observer.disconnect();
    return { longest: Math.round(Math.max(0, ...tasks)), over50: tasks.filter((d) => d > 50).length };
  }, selector);
}

/**
 * Navigation → the text on screen, timed in the page at the frame it appears. Checked each frame on the
 * text content first (reading innerText every frame would lay out the page while it starts), and not with
 * page.waitForFunction, whose injected script would be parsed on the page's main thread during the start.
 */
export async function timeToText(page: Page, url: string, text: string): Promise<number> {
  await page.goto(url);
  return page.evaluate((text) => new Promise<number>((resolve, reject) => {
    const check = () => {
      if (document.body.textContent?.includes(text) && document.body.innerText.includes(text)) return resolve(performance.now());
      requestAnimationFrame(check);
    };
    check();
    setTimeout(() => reject(new Error(`"${text}" not on screen after 60 s`)), 60_000);
  }), text);
}

/**
 * The person's path: the app open on the runs page (a fresh session each round, up for a few seconds), the two
 * runs selected, a press on the bulk bar's "Compare" → the first turn on screen, timed in the page from the
 * press's pointerdown.
 */
export async function compareInApp(page: Page, appUrl: string, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    times.push(await timeInApp(page, {
      startUrl: `${appUrl}/ai/prompts/runs`,
      ready: (p) => p.getByRole('link', { name: 'Bench keeps', exact: true }).waitFor(),
      settleMs: SETTLE_MS,
      before: async (p) => {
        await p.getByRole('button', { name: 'Select', exact: true }).click();
        await p.getByRole('checkbox', { name: 'Select Bench keeps' }).check();
        await p.getByRole('checkbox', { name: 'Select Bench stores' }).check();
      },
      target: (p) => p.getByRole('toolbar', { name: 'Selected runs' }).getByRole('button', { name: 'Compare', exact: true }),
      end: { text: 'Message 0' },
    }));
  }
  return times;
}

/** `rounds` cold loads of each URL; `inAppRounds` in-app openings (12 by default, for a p95 that means something). */
export async function compareFigures(ctx: AppBenchContext, count: number, rounds: number, inAppRounds = rounds > 1 ? 12 : 1) {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 } });
  // tsx (keepNames) wraps the named functions of page.evaluate bodies in a __name helper the page lacks.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const page = await context.newPage();
  await page.goto(`${ctx.appUrl}/ai/prompts`);
  await page.getByRole('heading', { name: 'Free chat' }).waitFor();
  const [a, b] = await seedPair(page, count);
  const compareUrl = `${ctx.appUrl}/ai/prompts/runs/compare?ids=${a},${b}`;
  const runnerUrl = `${ctx.appUrl}/ai/prompts/run/${PROMPT_ID}/${a}`;
  const first: number[] = [];
  const resume: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    first.push(await timeToText(page, compareUrl, 'Message 0'));
    resume.push(await timeToText(page, runnerUrl, `Reply ${count - 1}:`));
  }
  const inApp = await compareInApp(page, ctx.appUrl, inAppRounds);
  await timeToText(page, compareUrl, 'Message 0');
  const scroll = await scrollThrough(page, '[data-compare-scroller]');
  await timeToText(page, runnerUrl, `Reply ${count - 1}:`);
  const scrollRunner = await scrollThrough(page, 'section[aria-label="Conversation"]');
  await context.close();
  return { first: stats(first), inApp: stats(inApp), resume: stats(resume), scroll, scrollRunner };
}

export default async function compareBench(ctx: AppBenchContext): Promise<BenchFigure[]> {
  const scale = process.env.BENCH_SMOKE === '1' ? 0.05 : Number(process.env.COMPARE_BENCH_SCALE ?? 1);
  const count = Math.max(20, Math.round(1000 * scale));
  const f = await compareFigures(ctx, count, process.env.BENCH_SMOKE === '1' ? 1 : 7);
  return [
    { name: `Compare two ${count}-message runs: navigation (a cold load of its URL) → first turn on screen`, unit: 'ms', value: f.first, goal: '≤ 300 ms', baseline: { name: 'the runner resuming one of them (navigation → latest reply on screen)', value: f.resume } },
    { name: `Compare two ${count}-message runs: in the app (runs page open a few seconds, both selected), press "Compare" → first turn on screen`, unit: 'ms', value: f.inApp, goal: '≤ 300 ms', baseline: { name: 'the same runner resume (a cold load)', value: f.resume } },
    { name: `Compare two ${count}-message runs: longest task while scrolling every turn`, unit: 'ms', value: f.scroll.longest, goal: 'no task > 50 ms', baseline: { name: 'scrolling one of them in the runner', value: f.scrollRunner.longest } },
    { name: `Compare two ${count}-message runs: tasks over 50 ms while scrolling`, unit: 'tasks', value: f.scroll.over50, baseline: { name: 'scrolling one of them in the runner', value: f.scrollRunner.over50 } },
  ];
}
