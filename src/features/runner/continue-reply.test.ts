// Continue on a cut-off reply: a new version of it that starts with its text and goes on with what the
// model adds; the model is given the conversation, the partial text and the request to go on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nowIso } from '@sync/clock';
import type { Prompt } from '@sync/model';
import { getRun } from '@sync/store/runs';
import { freshDb } from '@sync/test-support';
import type { PromptRunsDB } from '@sync/db';
import { LlmError, type ChatRequest, type ProviderConfig } from '@/lib/llm/types';
import { CONTINUE_INSTRUCTION } from './chat-history';
import { createRunnerStore, type RunnerStore } from './runner-store';

const PROVIDER: ProviderConfig = { id: 'prov-1', kind: 'openai-compatible', name: 'Local', baseUrl: 'http://x/v1', models: ['m'] };
const prompt: Prompt = {
  id: 'p', user_id: null, name: 'P', description: '', system_message: '', user_template: '', variables: [],
  settings: { provider: PROVIDER.id, model_id: 'm' },
  status: 'active', created_at: nowIso(), updated_at: nowIso(), field_updated_at: {},
};
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

let db: PromptRunsDB;
let requests: ChatRequest[];
let cut: boolean;
beforeEach(() => {
  db = freshDb();
  requests = [];
  cut = true;
});
afterEach(() => db.close());

function makeStore(loaded?: Parameters<typeof createRunnerStore>[0]['loaded']): RunnerStore {
  return createRunnerStore({
    db,
    prompt,
    ...(loaded ? { loaded } : {}),
    resolveProvider: async () => PROVIDER,
    stream: async function* (request) {
      requests.push(request);
      if (!cut) return void (yield { type: 'text', text: ' and the end.' });
      yield { type: 'text', text: 'The start' };
      // Stopped here: the stream ends as a provider's does when its request is aborted.
      await new Promise((r) => request.signal?.addEventListener('abort', r));
      throw new LlmError('aborted', 'Stopped');
    },
  });
}
const settled = (store: RunnerStore) => until(() => store.getState().streamingId === null && store.getState().save.status !== 'saving');

describe('Continue an interrupted reply', () => {
  it('makes a new version: the partial text, then the model’s continuation; the partial is kept', async () => {
    const first = makeStore();
    await first.getState().send('Tell me a story');
    await until(() => first.getState().messages.some((m) => m.content === 'The start'));
    first.getState().stop();
    await settled(first);
    const runId = first.getState().run!.id;
    const partial = first.getState().messages.find((m) => m.role === 'assistant')!;
    expect(partial).toMatchObject({ status: 'interrupted', content: 'The start' });

    cut = false;
    const stored = (await getRun(db, runId))!;
    const store = makeStore(stored);
    await store.getState().continueReply(partial.id);
    await settled(store);
    expect(requests[1]!.messages).toEqual([
      { role: 'user', content: 'Tell me a story' },
      { role: 'assistant', content: 'The start' },
      { role: 'user', content: CONTINUE_INSTRUCTION },
    ]);
    const replies = (await getRun(db, runId))!.messages.filter((m) => m.role === 'assistant');
    expect(replies.map((m) => [m.content, m.status, m.parentId])).toEqual([
      ['The start', 'interrupted', partial.parentId],
      ['The start and the end.', 'done', partial.parentId],
    ]);
    expect(store.getState().leafId).toBe(replies[1]!.id);
  });

  it('does nothing for a finished reply', async () => {
    cut = false;
    const store = makeStore();
    await store.getState().send('Hello');
    await settled(store);
    const reply = store.getState().messages.find((m) => m.role === 'assistant')!;
    await store.getState().continueReply(reply.id);
    expect(requests).toHaveLength(1);
  });
});
