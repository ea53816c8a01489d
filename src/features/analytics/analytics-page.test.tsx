// @vitest-environment jsdom
// The analytics page over seeded runs: every figure equals a hand computation, each chart has a table
// with the numbers, a period change narrows them, estimates are marked, and the CSV holds the same rows.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PromptRunsDB } from '@sync/db';
import { newId } from '@sync/clock';
import type { Message } from '@sync/model';
import { createRun, updateRun } from '@sync/store/runs';
import { readUsageTotals } from '@sync/usage/read-usage-totals';
import { DEFAULT_PRICES } from '@sync/usage/prices';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addPrompt, renderApp } from '@/test/render-app';
import { usageCsv } from './analytics-csv';

let restoreLayout: () => void;
beforeAll(async () => {
  restoreLayout = installLayout();
  await import('./analytics-page');
});
afterAll(() => restoreLayout());
afterEach(cleanup);

const daysAgo = (n: number) => {
  const d = new Date();
  d.setDate(d.getDate() - n);
  d.setHours(12, 0, 0, 0);
  return d.toISOString();
};

async function runWith(db: PromptRunsDB, promptId: string, model: string, replies: Array<{ at: string; meta: Record<string, unknown> }>) {
  const user: Message = { id: newId(), runId: '', parentId: null, role: 'user', content: 'Q', status: 'done', createdAt: daysAgo(40) };
  const created = await createRun(db, promptId, { variable_values: {}, settings: { provider: model === 'echo' ? 'echo' : 'p1', model_id: model }, messages: [user] });
  if (!created.ok) throw created.error;
  const name = model === 'echo' ? 'Echo (offline)' : `${model} · OpenAI`;
  await updateRun(db, created.value.id, {
    append: replies.map((r) => ({ id: newId(), runId: created.value.id, parentId: user.id, role: 'assistant' as const, content: 'A', status: 'done' as const, createdAt: r.at, metadata: { modelId: model, modelName: name, ...r.meta } })),
  });
}

async function seed() {
  return seedInto(freshDb());
}

async function seedInto(db: PromptRunsDB) {
  const explain = await addPrompt(db, { name: 'Explain' });
  const haiku = await addPrompt(db, { name: 'Haiku' });
  await runWith(db, explain.id, 'gpt-4o', [
    { at: daysAgo(1), meta: { inputTokens: 1000, tokens: 200, totalTime: 1000 } },
    { at: daysAgo(3), meta: { inputTokens: 3000, tokens: 100, totalTime: 3000, tokensEstimated: true } },
  ]);
  await runWith(db, haiku.id, 'echo', [{ at: daysAgo(1), meta: { inputTokens: 10, tokens: 5, totalTime: 200 } }]);
  // Outside the last 7 days: only "Last 30 days" and longer see it.
  await runWith(db, haiku.id, 'echo', [{ at: daysAgo(20), meta: { inputTokens: 100, tokens: 100, totalTime: 100 } }]);
  return db;
}

const cells = (table: HTMLElement, row: string) =>
  within(table).getByRole('rowheader', { name: row }).parentElement!.querySelectorAll('td');

describe('analytics page', () => {
  it('shows totals, by model and by prompt, equal to a hand computation; a period change narrows them', async () => {
    const db = await seed();
    const user = userEvent.setup();
    renderApp(db, '/ai/prompts/analytics');
    expect(await screen.findByRole('heading', { name: 'Analytics', level: 1 })).toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Period' }), 'Last 7 days');
    const totals = await screen.findByLabelText('Totals for the period');
    // Tokens: 1,000 + 200 + 3,000 + 100 + 10 + 5; cost: gpt-4o 4,000 × $2.50/M + 300 × $10/M = $0.013, Echo $0;
    // runs: 3 made today; latency: (1,000 + 3,000 + 200) / 3 = 1.4 s.
    await waitFor(() => expect(totals).toHaveTextContent('Tokens≈4,315'));
    expect(totals).toHaveTextContent('Cost≈$0.01');
    expect(totals).toHaveTextContent('Runs3');
    expect(totals).toHaveTextContent('Average latency1.4 s');
    expect(totals).toHaveTextContent('Replies3');

    // The first view's chart comes first; the other views follow it.
    const byModel = await screen.findByRole('table', { name: 'Tokens, cost, runs and average latency by model' });
    expect([...cells(byModel, 'gpt-4o · OpenAI')].map((c) => c.textContent)).toEqual(['≈4,000 / ≈300', '≈$0.01', '1', '2', '2.0 s']);
    expect([...cells(byModel, 'Echo (offline)')].map((c) => c.textContent)).toEqual(['10 / 5', '$0', '2', '1', '200 ms']);
    const byPrompt = screen.getByRole('table', { name: 'Tokens, cost, runs and average latency by prompt' });
    expect([...cells(byPrompt, 'Haiku')].map((c) => c.textContent)).toEqual(['10 / 5', '$0', '2', '1', '200 ms']);
    const overTime = screen.getByRole('table', { name: 'Tokens, cost, runs and average latency by day' });
    expect(within(overTime).getAllByRole('row')).toHaveLength(1 + 7);
    // Each chart is an image with a summary; the table beside it has the numbers.
    expect(screen.getByRole('img', { name: /^Tokens by model: highest 4,300 \(gpt-4o · OpenAI\)/ })).toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Period' }), 'Last 30 days');
    await waitFor(() => expect(totals).toHaveTextContent('Tokens≈4,515'));
    expect([...cells(screen.getByRole('table', { name: 'Tokens, cost, runs and average latency by prompt' }), 'Haiku')].map((c) => c.textContent)).toEqual(['110 / 105', '$0', '2', '2', '150 ms']);
    await user.click(screen.getByRole('radio', { name: 'By week' }));
    expect(screen.getByRole('table', { name: 'Tokens, cost, runs and average latency by week' })).toBeInTheDocument();
  });

  it('a period change shows the new period whole: never its days over the previous period\'s rows', async () => {
    const db = await seed();
    const user = userEvent.setup();
    renderApp(db, '/ai/prompts/analytics');
    const byDay = () => screen.queryByRole('table', { name: 'Tokens, cost, runs and average latency by day' });
    await waitFor(() => expect(within(byDay()!).getAllByRole('row')).toHaveLength(1 + 30));
    const seen = new Set<number>();
    const observer = new MutationObserver(() => {
      const table = byDay();
      if (table) seen.add(within(table).getAllByRole('row').length);
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Period' }), 'Last 7 days');
    await waitFor(() => expect(within(byDay()!).getAllByRole('row')).toHaveLength(1 + 7));
    await waitFor(() => expect(screen.getByLabelText('Totals for the period')).toHaveTextContent('Tokens≈4,315'));
    observer.disconnect();
    // 31 rows (the last 30 days) or 8 (the last 7): a 7-day span over the 30 days' rows had 9 (day 20 too).
    expect([...seen].filter((n) => n !== 31 && n !== 8)).toEqual([]);
  });

  it('a period change reads nothing from the database: the rows read once are cut in memory', async () => {
    const db = freshDb();
    // Counts every read of the totals table, at the top of Dexie's stack (cached or not).
    let reads = 0;
    db.use({
      stack: 'dbcore',
      name: 'count-totals-reads',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (name !== 'usageTotals') return table;
          const counted = <A extends unknown[], R>(f: (...args: A) => R) => (...args: A) => ((reads += 1), f(...args));
          return { ...table, get: counted(table.get), getMany: counted(table.getMany), query: counted(table.query), openCursor: counted(table.openCursor), count: counted(table.count) };
        },
      }),
    });
    await seedInto(db);
    const user = userEvent.setup();
    renderApp(db, '/ai/prompts/analytics');
    const totals = await screen.findByLabelText('Totals for the period');
    await waitFor(() => expect(totals).toHaveTextContent('Tokens≈4,515'));
    reads = 0;
    await user.selectOptions(screen.getByRole('combobox', { name: 'Period' }), 'Last 7 days');
    await waitFor(() => expect(screen.getByLabelText('Totals for the period')).toHaveTextContent('Tokens≈4,315'));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Period' }), 'All time');
    await waitFor(() => expect(screen.getByLabelText('Totals for the period')).toHaveTextContent('Tokens≈4,515'));
    expect(reads).toBe(0);
  });

  it('says what to do when there is nothing yet', async () => {
    renderApp(freshDb(), '/ai/prompts/analytics');
    expect(await screen.findByText(/Nothing in this period yet/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download CSV' })).toBeDisabled();
  });

  it('exports the period as CSV: one line per day, prompt and model, with names, not ids', async () => {
    const db = await seed();
    const rows = (await readUsageTotals(db, null, null)).filter((r) => r.replies > 0);
    const names = new Map((await db.prompts.toArray()).map((p) => [p.id, p.name]));
    const csv = usageCsv(rows, DEFAULT_PRICES, { prompt: (id) => names.get(id) ?? 'Deleted prompt' });
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('date,prompt,model,runs,replies,input_tokens,output_tokens,cost_usd,estimated_replies,average_latency_ms');
    expect(lines.find((l) => l.includes(',3000,'))).toMatch(/^\d{4}-\d\d-\d\d,Explain,gpt-4o · OpenAI,0,1,3000,100,0\.008500,1,3000$/);
    expect(lines.filter((l) => l.includes('Echo (offline)'))).toHaveLength(2);
    expect(csv).not.toMatch(/p1|[0-9a-f]{8}-[0-9a-f]{4}/);
  });
});
