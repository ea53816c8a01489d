// Dexie v13: the index of runs shared with the person. An upgrade from v12 keeps every run (none of them
// shared) and "Shared with me" then reads shared runs off the index, newest first, and nothing else.
import { afterEach, expect, it } from 'vitest';
import Dexie from 'dexie';
import { PromptRunsDB } from '../db';
import type { Run, RunSharing } from '../model';
import { listSharedRuns } from './shared-runs';
import { queryRuns } from './run-queries';
import { countActiveRuns } from './own-prompt-runs';

const name = `upgrade-v13-${Math.random()}`;
afterEach(() => Dexie.delete(name));

const RUNS_V12 = 'id, prompt_id, status, last_message_at, updated_at, [prompt_id+last_message_at], [status+last_message_at], [prompt_id+status+last_message_at], pin, [settings.provider+settings.model_id]';
const share: RunSharing = { role: 'viewer', owner_email: 'ada@example.test', prompt_name: 'Planner', people: [] };

function run(id: string, at: string, extra: Partial<Run> = {}): Run {
  return {
    id, prompt_id: 'p1', user_id: 'u1', name: id, description: '', variable_values: {}, settings: { provider: 'echo', model_id: 'echo' },
    status: 'active', message_count: 0, is_starred: false, is_pinned: false, created_at: at, updated_at: at, last_message_at: at,
    current_leaf_id: null, last_message_preview: '', field_updated_at: {}, ...extra,
  };
}

it('keeps v12 runs and lists only shared ones, newest first, off the new index', async () => {
  const old = new Dexie(name);
  old.version(12).stores({ runs: RUNS_V12 });
  await old.table('runs').put(run('own', '2026-12-05T10:00:00.000Z'));
  old.close();

  const db = new PromptRunsDB(name);
  await db.open();
  expect(db.verno).toBeGreaterThanOrEqual(13);
  await db.runs.bulkPut([
    run('older', '2026-12-05T09:00:00.000Z', { shared: share }),
    run('newer', '2026-12-05T11:00:00.000Z', { shared: { ...share, role: 'editor' } }),
    run('trashed', '2026-12-05T12:00:00.000Z', { shared: share, status: 'deleted' }),
    run('mine-too', '2026-12-05T12:00:00.000Z', { shared: null }),
  ]);
  expect((await listSharedRuns(db)).map((r) => [r.id, r.shared.role])).toEqual([['newer', 'editor'], ['older', 'viewer']]);
  expect(await db.runs.count()).toBe(5);
  db.close();
});

it("leaves a run shared with me out of my prompt's runs and its count, though its prompt id is mine", async () => {
  const db = new PromptRunsDB(name);
  await db.runs.bulkPut([
    run('mine', '2026-12-05T09:00:00.000Z'),
    run('theirs', '2026-12-05T11:00:00.000Z', { shared: { ...share, role: 'editor' } }),
  ]);
  expect(await countActiveRuns(db, 'p1')).toBe(1);
  const page = await queryRuns(db, { view: 'active', sort: 'recent', limit: 20, promptId: 'p1' });
  expect(page.entries.map((e) => e.run.id)).toEqual(['mine']);
  const all = await queryRuns(db, { view: 'active', sort: 'recent', limit: 20 });
  expect(all.entries.map((e) => e.run.id)).toEqual(['theirs', 'mine']);
  db.close();
});
