// How far a first sync has come, as the sync badge counts it: runs listed, then runs whose messages are here.
import { describe, expect, it } from 'vitest';
import { PromptRunsDB } from '../db';
import { newId } from '../clock';
import { applyMessagesPage, applyRunsPage, SNAPSHOT_META, startProgress } from './apply-snapshot';
import { readFirstSyncProgress } from './first-sync-progress';

const at = (m: number) => new Date(Date.UTC(2026, 2, 10, 12, m)).toISOString();
const wireRun = (id: string) => ({
  id, prompt_id: 'p1', user_id: 'u1', name: 'Run', description: '', variable_values: {}, settings: { provider: 'prov', model_id: 'm' }, status: 'active',
  message_count: 1, is_starred: false, is_pinned: false, created_at: at(0), updated_at: at(1), last_message_at: at(0), current_leaf_id: null,
  last_message_preview: 'hello', field_updated_at: {}, purged_at: null,
});
const wireMessage = (runId: string) => ({ id: newId(), run_id: runId, parentId: null, role: 'user', content: 'hello', status: 'done', createdAt: at(0) });

describe('readFirstSyncProgress', () => {
  it('counts the runs listed, then those whose messages are here, and nothing once the first sync is done', async () => {
    const db = new PromptRunsDB(`first-sync-progress-${newId()}`);
    expect(await readFirstSyncProgress(db)).toBeNull();
    const ids = [newId(), newId(), newId()];
    await applyRunsPage(db, { prompts: [], runs: ids.slice(0, 2).map(wireRun), progress: { ...startProgress(), next: 'n' } });
    expect(await readFirstSyncProgress(db)).toEqual({ listed: 2, allListed: false, complete: 0 });
    const listed = (await db.meta.get(SNAPSHOT_META))!.value as ReturnType<typeof startProgress>;
    await applyRunsPage(db, { prompts: [], runs: [wireRun(ids[2]!)], progress: { ...listed, runsDone: true } });
    expect(await readFirstSyncProgress(db)).toEqual({ listed: 3, allListed: true, complete: 0 });
    await applyMessagesPage(db, ids.slice(0, 2), ids.slice(0, 2).map(wireMessage), true);
    expect(await readFirstSyncProgress(db)).toEqual({ listed: 3, allListed: true, complete: 2 });
    await db.meta.delete(SNAPSHOT_META);
    expect(await readFirstSyncProgress(db)).toBeNull();
    db.close();
  });
});
