// Dexie v12: runs and prompts made before a run's prompt version and a template's source run synced have
// them queued once at the upgrade, so they reach the server; rows without them queue nothing.
import { afterEach, expect, it } from 'vitest';
import Dexie from 'dexie';
import { PromptRunsDB } from '../db';
import type { OutboxEntry } from '../model';
import { listOutbox } from './outbox';

const name = `upgrade-v12-${Math.random()}`;
afterEach(() => Dexie.delete(name));

it('queues the prompt version of runs and the source run of prompts already here, once', async () => {
  const old = new Dexie(name);
  old.version(11).stores({ runs: 'id', prompts: 'id', outbox: 'key, seq, table', meta: 'key' });
  await old.table('runs').bulkPut([{ id: 'r1', prompt_version_id: 'v1' }, { id: 'r2' }, { id: 'r3', prompt_version_id: 'v3' }]);
  await old.table('prompts').bulkPut([{ id: 'p1', source_run_id: 'r1' }, { id: 'p2' }]);
  const queued: OutboxEntry = { key: 'runs:r3', table: 'runs', rowId: 'r3', fields: ['name'], isNew: false, seq: 7, queuedAt: '2026-12-05T09:59:00.000Z' };
  await old.table('outbox').put(queued);
  await old.table('meta').put({ key: 'outbox-seq', value: 7 });
  old.close();

  const db = new PromptRunsDB(name);
  await db.open();
  expect(db.verno).toBeGreaterThanOrEqual(12);
  const outbox = await listOutbox(db);
  expect(outbox.map(({ key, fields, isNew, seq }) => ({ key, fields, isNew, seq }))).toEqual([
    { key: 'runs:r3', fields: ['name', 'prompt_version_id'], isNew: false, seq: 7 },
    { key: 'runs:r1', fields: ['prompt_version_id'], isNew: false, seq: 8 },
    { key: 'prompts:p1', fields: ['source_run_id'], isNew: false, seq: 9 },
  ]);
  expect((await db.meta.get('outbox-seq'))?.value).toBe(9);
  db.close();
});
