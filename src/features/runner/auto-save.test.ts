// The save indicator's states around real Dexie saves (fake-indexeddb).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PromptRunsDB } from '@sync/db';
import type { Message } from '@sync/model';
import { createAutoSave, type SaveState } from './auto-save';

afterEach(() => vi.useRealTimers());

const user = (id: string, parentId: string | null): Message => ({
  id, runId: '', parentId, role: 'user', content: `message ${id}`, status: 'done', createdAt: new Date().toISOString(),
});

describe('createAutoSave', () => {
  it('shows saving then Saved after an exchange save, and clears Saved after ~2 s', async () => {
    const db = new PromptRunsDB('auto-save-1');
    const states: SaveState[] = [];
    const save = createAutoSave(db, (s) => states.push(s), 2000);
    const created = await save.startRun('p1', { variable_values: {}, settings: { provider: 'echo', model_id: 'echo' }, messages: [user('u1', null)] });
    expect(created.ok).toBe(true);
    // Creating the run on the first submission is not announced as "Saved": the exchange is not done.
    expect(states.map((s) => s.status)).toEqual(['saving', 'idle']);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const runId = created.ok ? created.value.id : '';
    const reply: Message = { ...user('a1', 'u1'), role: 'assistant', content: 'hi', runId };
    const saved = await save.saveExchange(runId, [reply]).saved;
    expect(saved.ok && saved.value.current_leaf_id).toBe('a1');
    expect(states.slice(2).map((s) => s.status)).toEqual(['saving', 'saved']);
    vi.advanceTimersByTime(2000);
    expect(states.at(-1)?.status).toBe('idle');
    save.dispose();
  });

  it('reports a failed save with its reason instead of Saved', async () => {
    const db = new PromptRunsDB('auto-save-2');
    const states: SaveState[] = [];
    const save = createAutoSave(db, (s) => states.push(s));
    const result = await save.saveExchange('no-such-run', [user('x', null)]).saved;
    expect(result.ok).toBe(false);
    expect(states.at(-1)).toEqual({ status: 'error', error: 'That run no longer exists on this device.' });
    save.dispose();
  });
});
