// Resume figure: resuming a 1,000-message run, from navigation to its latest message on screen, in the
// built app (real Chromium IndexedDB). Baseline in the same run: resuming a 10-message run.
import type { AppBenchContext } from '../run-bench';
import { stats, type BenchFigure } from '../harness';
import { waitForAppDatabase } from '../support/app-database';

const PROMPT_ID = '00000000-0000-4000-8000-000000000003';
const SMOKE = process.env.BENCH_SMOKE === '1'; // npm test's smoke run: tiny sizes, proves the bench still works
const ROUNDS = SMOKE ? 1 : 7;
const LONG = SMOKE ? 50 : 1000;

async function seedRun(page: import('@playwright/test').Page, count: number): Promise<string> {
  return page.evaluate(
    async ({ count, promptId }) => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const req = indexedDB.open('prompt-runs-local');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const runId = crypto.randomUUID();
      const base = Date.UTC(2026, 0, 1);
      const messages = Array.from({ length: count }, (_, i) => ({
        id: `${runId}-${i}`, runId, parentId: i ? `${runId}-${i - 1}` : null, role: i % 2 ? 'assistant' : 'user',
        content: `Message ${i} **bold** and a list:\n\n- one\n- two\n\n` + 'lorem ipsum dolor sit amet '.repeat(8),
        status: 'done', createdAt: new Date(base + i * 1000).toISOString(),
      }));
      const last = new Date(base + count * 1000).toISOString();
      const run = {
        id: runId, prompt_id: promptId, user_id: null, name: `Bench ${count}`, description: '', variable_values: {},
        settings: { provider: 'echo', model_id: 'echo' }, status: 'active', message_count: count, visible_message_count: count, is_starred: false, is_pinned: false,
        created_at: last, updated_at: last, last_message_at: last, current_leaf_id: `${runId}-${count - 1}`,
        last_message_preview: '', field_updated_at: {},
      };
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['runs', 'messages'], 'readwrite');
        tx.objectStore('runs').put(run);
        for (const m of messages) tx.objectStore('messages').put(m);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      return runId;
    },
    { count, promptId: PROMPT_ID },
  );
}

async function timeResume(ctx: AppBenchContext, count: number): Promise<number[]> {
  const context = await ctx.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${ctx.appUrl}/ai/prompts`);
  await page.getByRole('link', { name: /Run/ }).first().waitFor();
  await waitForAppDatabase(page);
  const runId = await seedRun(page, count);
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    await page.goto(`${ctx.appUrl}/ai/prompts/run/${PROMPT_ID}/${runId}`);
    const marker = `Message ${count - 1} `;
    await page.waitForFunction((m) => document.body.innerText.includes(m), marker, { polling: 'raf', timeout: 30_000 });
    samples.push(await page.evaluate(() => performance.now()));
  }
  await context.close();
  return samples;
}

export default async function resumeBench(ctx: AppBenchContext): Promise<BenchFigure[]> {
  const big = await timeResume(ctx, LONG);
  const small = await timeResume(ctx, 10);
  return [
    {
      name: `Resume a ${LONG.toLocaleString('en-US')}-message run: navigation → latest message rendered`,
      unit: 'ms',
      value: stats(big),
      baseline: { name: 'the same for a 10-message run (app start + route floor)', value: stats(small) },
    },
  ];
}
