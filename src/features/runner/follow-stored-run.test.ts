import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId, nowIso } from '@sync/clock';
import type { Message, Prompt } from '@sync/model';
import { createRun, renameRun, updateRun } from '@sync/store/runs';
import { freshDb } from '@sync/test-support';
import type { PromptRunsDB } from '@sync/db';
import { createRunnerStore } from './runner-store';
import { followStoredRun } from './follow-stored-run';

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
afterEach(() => db.close());

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
});
