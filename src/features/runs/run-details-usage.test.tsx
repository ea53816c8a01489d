// @vitest-environment jsdom
// Run details: the run's usage totals (replies, tokens in and out, cost, times), estimates marked.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { updateRun } from '@sync/store/runs';
import { newId } from '@sync/clock';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addRun, renderLibrary } from './test/render-library';

let restoreLayout: () => void;
beforeAll(() => {
  restoreLayout = installLayout();
});
afterAll(() => restoreLayout());
afterEach(cleanup);

describe('Run details: usage', () => {
  it('totals every reply of the run with its cost, and marks estimates', async () => {
    const db = freshDb();
    const run = await addRun(db, 'Priced run', { model: 'p1:gpt-4o' });
    const reply = (tokens: number, inputTokens: number, extra = {}) => ({
      id: newId(), runId: run.id, parentId: run.current_leaf_id, role: 'assistant' as const, content: 'x', status: 'done' as const,
      createdAt: new Date().toISOString(), metadata: { modelId: 'gpt-4o', tokens, inputTokens, totalTime: 1500, timeToFirstToken: 300, ...extra },
    });
    // Two versions of the answer (a retry): both were paid for. 3,000 in × $2.50/M + 1,500 out × $10/M = $0.0225.
    await updateRun(db, run.id, { append: [reply(1000, 2000), reply(500, 1000, { tokensEstimated: true })] });
    const user = userEvent.setup();
    renderLibrary(db);
    await user.click(await screen.findByRole('button', { name: 'More actions for Priced run' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Details' }));
    const table = await screen.findByRole('table', { name: 'Usage' });
    const row = (name: string) => within(table).getByRole('rowheader', { name }).nextElementSibling?.textContent;
    expect(row('Replies')).toBe('2'); // the seeded answer carries no counts (saved before they were kept)
    expect(row('Input tokens')).toBe('≈3,000');
    expect(row('Output tokens')).toBe('≈1,500');
    expect(row('Cost')).toBe('≈$0.02');
    expect(row('Estimated')).toMatch(/^1 reply without token counts/);
    expect(row('Total time')).toBe('3.0 s');
    expect(row('Average time to first token')).toBe('300 ms');
  });
});
