// @vitest-environment jsdom
// The analytics page draws its first chart before it renders its other views: those come after, in the
// background, so the chart a person looks at first is not held back by the rest of the page.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { newId } from '@sync/clock';
import type { Message } from '@sync/model';
import { createRun, updateRun } from '@sync/store/runs';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addPrompt, renderApp } from '@/test/render-app';

/** The views on the page (by their headings) each time a chart is drawn. */
const viewsAtDraw: string[][] = [];
vi.mock('./chart-setup', () => {
  const views = () => [...document.querySelectorAll('section h2')].map((h) => h.textContent ?? '');
  const chart = () => ({ ctx: {}, data: { labels: [], datasets: [{ data: [] }] }, update: () => undefined, destroy: () => undefined });
  return {
    drawBarChart: () => {
      viewsAtDraw.push(views());
      return chart();
    },
    updateBarChart: () => true,
  };
});

let restoreLayout: () => void;
beforeAll(async () => {
  restoreLayout = installLayout();
  await import('./analytics-page');
  await import('./chart-setup');
});
afterAll(() => restoreLayout());
afterEach(cleanup);

describe('analytics page, first screen', () => {
  it('draws the first chart before the by-model and by-prompt views render', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { name: 'Explain' });
    const user: Message = { id: newId(), runId: '', parentId: null, role: 'user', content: 'Q', status: 'done', createdAt: new Date().toISOString() };
    const run = await createRun(db, prompt.id, { variable_values: {}, settings: { provider: 'echo', model_id: 'echo' }, messages: [user] });
    if (!run.ok) throw run.error;
    await updateRun(db, run.value.id, {
      append: [{ id: newId(), runId: run.value.id, parentId: user.id, role: 'assistant', content: 'A', status: 'done', createdAt: new Date().toISOString(), metadata: { modelId: 'echo', modelName: 'Echo (offline)', inputTokens: 10, tokens: 5, totalTime: 200 } }],
    });
    renderApp(db, '/ai/prompts/analytics');
    expect(await screen.findByRole('table', { name: 'Tokens, cost, runs and average latency by prompt' })).toBeInTheDocument();
    await vi.waitFor(() => expect(viewsAtDraw).toHaveLength(3));
    expect(viewsAtDraw[0]).toEqual(['Over time']);
  });
});
