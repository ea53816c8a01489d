// A reply shows as finished only once it is saved: a reload the moment it shows finished keeps it, even a
// reply quicker than its first checkpoint (shown before its save, such a reply was lost whole). A save that
// waits for space shows it at once with "Not saved" (runner-page.test.tsx); any other slow save, after a second.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nowIso } from '@sync/clock';
import type { Message, Prompt } from '@sync/model';
import { freshDb } from '@sync/test-support';
import type { PromptRunsDB } from '@sync/db';
import type { ProviderConfig } from '@/lib/llm/types';
import { savedOrSlow, SHOWN_UNSAVED_AFTER_MS } from './auto-save';
import { createRunnerStore } from './runner-store';

const PROVIDER: ProviderConfig = { id: '10b2a43d-6c1f-4a47-9a51-1f1c7a3b2e11', kind: 'openai-compatible', name: 'Local', baseUrl: 'http://x/v1', models: ['m'] };
const prompt: Prompt = {
  id: 'p', user_id: null, name: 'P', description: '', system_message: '', user_template: '', variables: [],
  settings: { provider: PROVIDER.id, model_id: 'm' },
  status: 'active', created_at: nowIso(), updated_at: nowIso(), field_updated_at: {},
};

let db: PromptRunsDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => {
  vi.useRealTimers();
  db.close();
});

describe('a finished reply', () => {
  it('is stored by the time it shows as finished', async () => {
    const store = createRunnerStore({
      db,
      prompt,
      resolveProvider: async () => PROVIDER,
      stream: async function* () {
        yield { type: 'text', text: 'A quick answer' };
      },
    });
    // What a reload would find, read the moment the reply shows as finished.
    let found: Promise<Message | undefined> | null = null;
    store.subscribe((s) => {
      const reply = s.messages.find((m) => m.role === 'assistant' && m.status === 'done');
      if (reply && !found) found = db.messages.get(reply.id);
    });
    expect(await store.getState().send('Question')).toBe(true);
    for (let i = 0; i < 200 && !found; i += 1) await new Promise((r) => setTimeout(r, 5));
    expect(found).not.toBeNull();
    expect(await found).toMatchObject({ content: 'A quick answer', status: 'done' });
  });

  it('shows as finished after a second when its save takes longer', async () => {
    vi.useFakeTimers();
    let shown = false;
    void savedOrSlow(new Promise(() => {})).then(() => (shown = true));
    await vi.advanceTimersByTimeAsync(SHOWN_UNSAVED_AFTER_MS - 1);
    expect(shown).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(shown).toBe(true);
  });
});
