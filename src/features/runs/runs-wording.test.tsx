// @vitest-environment jsdom
// What the runs library says: counts worded by the plural rules, and empty states drawn with the app's
// icons (an emoji renders as an empty box where no emoji font exists).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PromptRunsDB } from '@sync/db';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { createRun } from '@sync/store/runs';
import { addRun, NOW, renderLibrary } from './test/render-library';

let db: PromptRunsDB;
let restoreLayout: () => void;

beforeEach(() => {
  db = freshDb();
  restoreLayout = installLayout();
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  restoreLayout();
  db.close();
});

const names = () => screen.queryAllByRole('listitem').filter((li) => li.hasAttribute('aria-label')).map((li) => li.getAttribute('aria-label'));

describe('runs library wording', () => {
  it('announces "1 run found" for one search match', async () => {
    await addRun(db, 'Trip', { answer: 'Visit Granada at sunrise.' });
    await addRun(db, 'Recipe', { answer: 'Knead the dough.' });
    renderLibrary(db, { promptId: 'p1' });
    await waitFor(() => expect(names()).toHaveLength(2));
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search runs' }), 'granada');
    await waitFor(() => expect(names()).toEqual(['Trip']));
    await waitFor(() => expect(screen.getByText(/found$/)).toHaveTextContent(/^1 run found$/));
  });

  it('asks before moving two runs to the trash, saying they can be restored', async () => {
    await addRun(db, 'One', { ago: 60_000 });
    await addRun(db, 'Two', { ago: 120_000 });
    renderLibrary(db, { promptId: 'p1' });
    await waitFor(() => expect(names()).toHaveLength(2));
    await userEvent.click(screen.getByRole('button', { name: 'Select' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select One' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select Two' }));
    await userEvent.click(within(screen.getByRole('toolbar', { name: 'Selected runs' })).getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete runs?' });
    expect(dialog).toHaveTextContent('2 runs will move to the trash. You can restore them from Trash.');
  });

  it('draws empty states with an icon, not an emoji', async () => {
    renderLibrary(db, { promptId: 'p1' });
    const title = await screen.findByText('No saved runs yet');
    const state = title.parentElement!;
    expect(state.querySelector('svg')).not.toBeNull();
    expect(state.textContent).not.toMatch(/\p{Extended_Pictographic}/u);
    await userEvent.click(screen.getByRole('button', { name: 'Trash' }));
    const trash = (await screen.findByText('Trash is empty')).parentElement!;
    expect(trash.querySelector('svg')).not.toBeNull();
    expect(trash.textContent).not.toMatch(/\p{Extended_Pictographic}/u);
  });

  it('labels each run with the messages a person sees: no system message, only the branch on screen', async () => {
    const system = { id: 'sys', runId: '', parentId: null, role: 'system' as const, content: 'Be brief.', status: 'done' as const, createdAt: NOW.toISOString() };
    const ask = { ...system, id: 'q', parentId: 'sys', role: 'user' as const, content: 'Haiku?' };
    const answers = ['one', 'two', 'three'].map((content, i) => ({ ...system, id: `a${i}`, parentId: 'q', role: 'assistant' as const, content }));
    const made = await createRun(db, 'p1', { name: 'Branched', variable_values: {}, settings: { provider: 'echo', model_id: 'echo' }, messages: [system, ask, ...answers] });
    if (!made.ok) throw made.error;
    const lone = await createRun(db, 'p1', { name: 'Lone', variable_values: {}, settings: { provider: 'echo', model_id: 'echo' }, messages: [{ ...ask, id: 'x', parentId: null }] });
    if (!lone.ok) throw lone.error;
    renderLibrary(db, { promptId: 'p1' });
    const item = await screen.findByRole('listitem', { name: 'Branched' });
    expect(item).toHaveTextContent('2 messages');
    expect(item).not.toHaveTextContent(/\b5\b/);
    expect(await screen.findByRole('listitem', { name: 'Lone' })).toHaveTextContent('1 message');
    expect(screen.getByRole('listitem', { name: 'Lone' })).not.toHaveTextContent('1 messages');
  });
});
