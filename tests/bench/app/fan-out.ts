// Fan-out figure in the built app: one message to 4 models of the local OpenAI-compatible test server, each
// answering after a different delay (150-600 ms to its first byte). For each column: the time from that
// provider's first byte to the first token on screen. Baseline in the same run: the same delay for one model
// in the runner. FAN_OUT_BENCH_ROUNDS=1 is the smoke run npm test makes.
import type { Page } from '@playwright/test';
import { startOpenAiTestServer, TEST_SERVER_CHUNKS, type OpenAiTestServer } from '../../support/openai-test-server';
import { stats, type BenchFigure } from '../harness';
import type { AppBenchContext } from '../run-bench';

const PROMPT_ID = '00000000-0000-4000-8000-000000000003';
const MODELS = ['first-150', 'first-300', 'first-450', 'first-600'];
const PROVIDER = 'bench-server';

async function addProvider(page: Page, url: string) {
  await page.evaluate(async ({ url, models, id }) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open('prompt-runs-local');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('settings', 'readwrite');
      tx.objectStore('settings').put({ key: 'providers', value: [{ id, kind: 'openai-compatible', name: 'Bench server', baseUrl: url, apiKey: 'sk-bench', models }] });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, { url, models: MODELS, id: PROVIDER });
}

/** Records (wall clock, ms) when each element matching `selector` first shows `text`, keyed by its aria-label. */
function watchFirstText(page: Page, selector: string, text: string) {
  return page.evaluate(({ selector, text }) => {
    const seen: Record<string, number> = {};
    (window as unknown as { __firstText: Record<string, number> }).__firstText = seen;
    const check = () => {
      for (const el of document.querySelectorAll(selector)) {
        const key = el.getAttribute('aria-label') ?? '';
        if (!(key in seen) && el.textContent?.includes(text)) seen[key] = performance.timeOrigin + performance.now();
      }
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, { selector, text });
}

const firstTexts = (page: Page) => page.evaluate(() => (window as unknown as { __firstText: Record<string, number> }).__firstText);

async function startFresh(page: Page, appUrl: string) {
  await page.goto(`${appUrl}/ai/prompts/run/${PROMPT_ID}`, { waitUntil: 'domcontentloaded' });
  const fresh = page.getByRole('button', { name: 'Start fresh' });
  const box = page.getByRole('textbox', { name: 'Message' });
  await fresh.or(box).first().waitFor();
  if (await fresh.isVisible()) await fresh.click();
  await page.getByRole('combobox', { name: 'Model' }).selectOption(`${PROVIDER}:${MODELS[0]}`);
}

const byteOf = (server: OpenAiTestServer, text: string, model: string) =>
  server.requests.find((r) => r.body.model === model && JSON.stringify(r.body.messages).includes(text))?.firstByteAt;

export async function fanOutFigures(ctx: AppBenchContext, rounds: number) {
  const server = await startOpenAiTestServer();
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 } });
  // tsx (keepNames) wraps the named functions of page.evaluate bodies in a __name helper the page lacks.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const page = await context.newPage();
  try {
    await page.goto(`${ctx.appUrl}/ai/prompts`);
    await page.getByRole('heading', { name: 'Free chat' }).waitFor();
    await addProvider(page, server.url);
    const fan: number[] = [];
    const single: number[] = [];
    const first = TEST_SERVER_CHUNKS[0]!.trim();
    for (let i = 0; i < rounds; i += 1) {
      // Four models at once, in the compare view.
      const text = `Fan-out ${i} ${Date.now()}`;
      await startFresh(page, ctx.appUrl);
      const group = page.getByRole('group', { name: 'Models' });
      for (const m of MODELS.slice(1)) await group.getByRole('checkbox', { name: new RegExp(`^${m} · Bench server`) }).check();
      await watchFirstText(page, '[role=region][aria-label$=", turn 1"]', first);
      await page.getByRole('textbox', { name: 'Message' }).fill(text);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForFunction((n) => Object.keys((window as unknown as { __firstText: object }).__firstText).length >= n, MODELS.length, { timeout: 30_000 });
      const seen = await firstTexts(page);
      for (const m of MODELS) {
        const at = Object.entries(seen).find(([label]) => label.includes(` · ${m} · `))?.[1];
        const byte = byteOf(server, text, m);
        if (at !== undefined && byte !== undefined) fan.push(at - byte);
      }
      await page.getByRole('group', { name: 'Turn 1' }).getByText('Streaming works.').first().waitFor();

      // Baseline: one model in the runner.
      const alone = `Alone ${i} ${Date.now()}`;
      await startFresh(page, ctx.appUrl);
      await watchFirstText(page, 'article[aria-label="Assistant message"]', first);
      await page.getByRole('textbox', { name: 'Message' }).fill(alone);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForFunction(() => Object.keys((window as unknown as { __firstText: object }).__firstText).length >= 1, undefined, { timeout: 30_000 });
      const at = Object.values(await firstTexts(page))[0];
      const byte = byteOf(server, alone, MODELS[0]!);
      if (at !== undefined && byte !== undefined) single.push(at - byte);
      await page.getByRole('status', { name: 'Save status' }).getByText('Saved').waitFor();
    }
    return { fan: stats(fan), single: stats(single), server };
  } finally {
    await context.close();
    await server.close();
  }
}

export default async function fanOutBench(ctx: AppBenchContext): Promise<BenchFigure[]> {
  const f = await fanOutFigures(ctx, process.env.BENCH_SMOKE === '1' ? 1 : Number(process.env.FAN_OUT_BENCH_ROUNDS ?? 5));
  return [
    { name: 'Fan-out to 4 models: provider first byte → that column’s first token on screen', unit: 'ms', value: f.fan, goal: '≤ 50 ms', baseline: { name: 'one model in the runner, same measure', value: f.single } },
  ];
}
