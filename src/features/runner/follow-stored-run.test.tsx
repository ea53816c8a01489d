// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { newId, nowIso } from '@sync/clock';
import type { Message, Prompt } from '@sync/model';
import { checkpointMessage, createRun, renameRun, updateRun, watchRun } from '@sync/store/runs';
import { freshDb } from '@sync/test-support';
import type { PromptRunsDB } from '@sync/db';
import { createRunnerStore } from './runner-store';
import { followStoredRun } from './follow-stored-run';
import { LiveConversation } from './runner-sections';
import { installLayout } from '@/test/install-layout';
import { DbProvider } from '@/lib/data/db-context';
import { applyMessagesPage } from '@sync/snapshot/apply-snapshot';

const prompt: Prompt = {
  id: 'p', user_id: null, name: 'P', description: '', system_message: '', user_template: '', variables: [],
  settings: { provider: 'echo', model_id: 'echo' }, status: 'active', created_at: nowIso(), updated_at: nowIso(), field_updated_at: {},
};
const msg = (runId: string, parentId: string | null, role: Message['role'], content: string): Message => ({
  id: newId(), runId, parentId, role, content, status: 'done', createdAt: nowIso(),
});
const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

let db: PromptRunsDB;
beforeEach(() => { db = freshDb(); });
afterEach(() => {
  cleanup();
  db.close();
});

describe('followStoredRun', () => {
  it('shows a rename and messages written elsewhere (another tab or a pulled device) without reloading', async () => {
    const user = msg('', null, 'user', 'hi');
    const created = await createRun(db, 'p', { variable_values: {}, settings: prompt.settings, messages: [user] });
    if (!created.ok) throw created.error;
    const run = created.value;
    const store = createRunnerStore({
      db, prompt, loaded: { run, messages: [{ ...user, runId: run.id }] },
      resolveProvider: async () => null, stream: async function* () {},
    });
    const stop = followStoredRun(db, store);

    await renameRun(db, run.id, 'Renamed on my phone');
    await until(() => store.getState().run?.name === 'Renamed on my phone');

    const reply = msg(run.id, user.id, 'assistant', 'from the other device');
    await updateRun(db, run.id, { append: [reply], current_leaf_id: reply.id });
    await until(() => store.getState().messages.some((m) => m.id === reply.id));
    expect(store.getState().leafId).toBe(reply.id);
    stop();
    await renameRun(db, run.id, 'After stop');
    await new Promise((r) => setTimeout(r, 50));
    expect(store.getState().run?.name).toBe('Renamed on my phone');
  });

  it("shows a run's messages when a first sync brings them after the run was opened (its row unchanged)", async () => {
    // A new device: the run's row came first, with the server's counts; its messages come pages later.
    const user = msg('', null, 'user', 'where to eat in Porto');
    const reply = msg('', user.id, 'assistant', 'by the river');
    const created = await createRun(db, 'p', { variable_values: {}, settings: prompt.settings, messages: [user, reply] });
    if (!created.ok) throw created.error;
    const run = created.value;
    const held = await db.messages.where('[runId+createdAt]').between([run.id, ''], [run.id, '\uffff']).toArray();
    await db.messages.bulkDelete(held.map((m) => m.id));
    const store = createRunnerStore({ db, prompt, loaded: { run, messages: [] }, resolveProvider: async () => null, stream: async function* () {} });
    const stop = followStoredRun(db, store);
    const restoreLayout = installLayout();
    onTestFinished(restoreLayout);
    render(
      <DbProvider db={db}>
        <LiveConversation store={store} />
      </DbProvider>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('The messages of this run have not reached this device yet.');
    await new Promise((r) => setTimeout(r, 50));
    expect(store.getState().messages).toEqual([]);

    const before = (await db.runs.get(run.id))!;
    await applyMessagesPage(db, [run.id], held.map(({ runId, ...m }) => ({ ...m, run_id: runId })), true);
    expect(await db.runs.get(run.id)).toEqual(before); // nothing about the row changed
    await until(() => store.getState().messages.length === 2);
    expect(store.getState().leafId).toBe(held.find((m) => m.role === 'assistant')!.id);
    await waitFor(() => expect(screen.queryByText(/not reached this device yet/)).toBeNull());
    expect(await screen.findByText('by the river')).toBeInTheDocument();
    stop();
  });
});

describe('watchRun', () => {
  it("counts and watches the run's messages only while the caller lacks some: a streaming checkpoint wakes no one that has them all", async () => {
    const user = msg('', null, 'user', 'hi');
    const created = await createRun(db, 'p', { variable_values: {}, settings: prompt.settings, messages: [user] });
    if (!created.ok) throw created.error;
    const run = created.value;
    for (const lacking of [false, true]) {
      const seen: number[] = [];
      const stop = watchRun(db, run.id, (_run, held) => seen.push(held), undefined, () => lacking);
      await until(() => seen.length === 1);
      const reply = { ...msg(run.id, user.id, 'assistant', ''), status: 'streaming' as const };
      for (const content of ['Por', 'Porto', 'Porto by']) {
        await checkpointMessage(db, { ...reply, content });
        await new Promise((r) => setTimeout(r, 30));
      }
      stop();
      // Lacking none: no count (0), and no wake-up at the checkpoints; lacking some: each one is counted (the
      // first run added one reply, so there are two messages, then three).
      expect(seen).toEqual(lacking ? [2, 3, 3, 3] : [0]);
    }
  });
});
