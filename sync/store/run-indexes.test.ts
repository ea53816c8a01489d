// Dexie v15: runs keep only the indexes a query reads. An upgrade from v14 keeps every run, drops the
// indexes nothing reads, and the queries that read them answer as before off the two status indexes.
import { afterEach, expect, it } from 'vitest';
import Dexie from 'dexie';
import { PromptRunsDB } from '../db';
import type { Run, RunStatus } from '../model';
import { listRunsForPrompt } from './runs';
import { queryRuns } from './run-queries';
import { promptsWithRuns } from './run-indexes';

const RUNS_V14 = 'id, prompt_id, status, last_message_at, updated_at, [prompt_id+last_message_at], [status+last_message_at], [prompt_id+status+last_message_at], pin, [settings.provider+settings.model_id], shared.role';
const name = `upgrade-v15-${Math.random()}`;
afterEach(() => Dexie.delete(name));

function run(id: string, promptId: string, hour: number, status: RunStatus = 'active'): Run {
  const at = `2026-12-07T${String(hour).padStart(2, '0')}:00:00.000Z`;
  return {
    id, prompt_id: promptId, user_id: 'u1', name: id, description: '', variable_values: {}, settings: { provider: 'echo', model_id: 'echo' },
    status, message_count: 0, is_starred: false, is_pinned: false, created_at: at, updated_at: at, last_message_at: at,
    current_leaf_id: null, last_message_preview: '', field_updated_at: {},
  };
}

const rows = [
  run('a-old', 'pa', 1), run('a-archived', 'pa', 5, 'archived'), run('a-new', 'pa', 9),
  run('b-only-archived', 'pb', 7, 'archived'),
  run('c-trashed', 'pc', 3, 'deleted'), run('c-new', 'pc', 8),
];

it('keeps v14 runs, drops the indexes no query reads, and lists them as before', async () => {
  const old = new Dexie(name);
  old.version(14).stores({ runs: RUNS_V14 });
  await old.table('runs').bulkPut(rows);
  old.close();

  const db = new PromptRunsDB(name);
  await db.open();
  const indexes = db.runs.schema.indexes.map((i) => i.name).sort();
  expect(indexes).toEqual(['[prompt_id+status+last_message_at]', '[settings.provider+settings.model_id]', '[status+last_message_at]', 'pin', 'shared.role']);
  expect(await db.runs.count()).toBe(rows.length);

  expect((await listRunsForPrompt(db, 'pa')).map((r) => r.id)).toEqual(['a-new', 'a-old']);
  expect((await listRunsForPrompt(db, 'pa', { statuses: ['active', 'archived'], limit: 2 })).map((r) => r.id)).toEqual(['a-new', 'a-archived']);
  // Every prompt with a run of any status, each once, in order; a prompt with none is not there.
  expect(await promptsWithRuns(db)).toEqual(['pa', 'pb', 'pc']);
  // Grouped by prompt: the groups in the order of their newest active run; pb has none active.
  const grouped = await queryRuns(db, { view: 'active', sort: 'recent', limit: 20, byPrompt: true });
  expect(grouped.entries.map((e) => e.run.id)).toEqual(['a-new', 'a-old', 'c-new']);
  // Sorted by name, one prompt's runs of one status are read off that range of the prompt index.
  const searched = await queryRuns(db, { view: 'archived', sort: 'name', limit: 20, promptId: 'pa' });
  expect(searched.entries.map((e) => e.run.id)).toEqual(['a-archived']);
  db.close();
});

it('finds no prompt in an empty library', async () => {
  const db = new PromptRunsDB(name);
  await db.open();
  expect(await promptsWithRuns(db)).toEqual([]);
  db.close();
});
