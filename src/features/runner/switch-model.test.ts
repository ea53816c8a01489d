// Switching the model in a started run: the next replies come from the model picked, each reply records
// the model that wrote it (by name, for every device), the run keeps the model it started with, and a
// reopened run goes on with the model of its latest reply.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nowIso } from '@sync/clock';
import type { Prompt } from '@sync/model';
import { getRun } from '@sync/store/runs';
import { freshDb } from '@sync/test-support';
import type { PromptRunsDB } from '@sync/db';
import type { ChatRequest, ProviderConfig } from '@/lib/llm/types';
import { createRunnerStore, type RunnerStore } from './runner-store';

const OLLAMA: ProviderConfig = { id: '10b2a43d-6c1f-4a47-9a51-1f1c7a3b2e11', kind: 'openai-compatible', name: 'Ollama', baseUrl: 'http://x/v1', models: ['llama3.2', 'qwen3'] };
const prompt: Prompt = {
  id: 'p', user_id: null, name: 'P', description: '', system_message: '', user_template: '', variables: [],
  settings: { provider: OLLAMA.id, model_id: 'llama3.2', temperature: 0.3, model_label: 'llama3.2 · Ollama' },
  status: 'active', created_at: nowIso(), updated_at: nowIso(), field_updated_at: {},
};
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

let db: PromptRunsDB;
let requests: ChatRequest[];
beforeEach(() => {
  db = freshDb();
  requests = [];
});
afterEach(() => db.close());

function makeStore(loaded?: Parameters<typeof createRunnerStore>[0]['loaded']): RunnerStore {
  return createRunnerStore({
    db,
    prompt,
    ...(loaded ? { loaded } : {}),
    resolveProvider: async (id) => (id === OLLAMA.id ? OLLAMA : null),
    stream: async function* (request) {
      requests.push(request);
      yield { type: 'text', text: `answer from ${request.model}` };
    },
  });
}

const settled = (store: RunnerStore) => until(() => store.getState().streamingId === null && store.getState().save.status !== 'saving');
const replies = (store: RunnerStore) =>
  store.getState().messages.filter((m) => m.role === 'assistant').map((m) => [m.content, m.metadata?.model, m.metadata?.modelName]);

describe('switching the model mid-run', () => {
  it('sends the next reply to the model picked; each reply names its model; the run keeps its first', async () => {
    const store = makeStore();
    expect(await store.getState().send('First question')).toBe(true);
    await settled(store);
    store.getState().setModel(`${OLLAMA.id}:qwen3`);
    expect(await store.getState().send('Second question')).toBe(true);
    await settled(store);
    expect(requests.map((r) => [r.model, r.temperature])).toEqual([['llama3.2', 0.3], ['qwen3', 0.3]]);
    expect(replies(store)).toEqual([
      ['answer from llama3.2', `${OLLAMA.id}:llama3.2`, 'llama3.2 · Ollama'],
      ['answer from qwen3', `${OLLAMA.id}:qwen3`, 'qwen3 · Ollama'],
    ]);
    const stored = await getRun(db, store.getState().run!.id);
    expect(stored?.run.settings).toMatchObject({ provider: OLLAMA.id, model_id: 'llama3.2', model_label: 'llama3.2 · Ollama', temperature: 0.3 });
    expect(stored?.messages.filter((m) => m.role === 'assistant').map((m) => m.metadata?.modelName)).toEqual(['llama3.2 · Ollama', 'qwen3 · Ollama']);
  });

  it('Retry asks the model picked now, and a reopened run goes on with its latest reply’s model', async () => {
    const store = makeStore();
    await store.getState().send('Question');
    await settled(store);
    store.getState().setModel(`${OLLAMA.id}:qwen3`);
    const first = store.getState().messages.find((m) => m.role === 'assistant')!;
    await store.getState().regenerate(first.id);
    await settled(store);
    expect(requests.at(-1)?.model).toBe('qwen3');

    const saved = (await getRun(db, store.getState().run!.id))!;
    const reopened = makeStore({ run: saved.run, messages: saved.messages });
    expect(reopened.getState().model).toBe(`${OLLAMA.id}:qwen3`);
    // Reopened on the branch of the first reply: the model that wrote that one.
    expect(makeStore({ run: { ...saved.run, current_leaf_id: first.id }, messages: saved.messages }).getState().model).toBe(`${OLLAMA.id}:llama3.2`);
  });
});
