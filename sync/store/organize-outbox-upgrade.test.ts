// Dexie v11: queue entries of tags, folders and versions made before the sync protocol carried them
// (held in organizeOutbox) join the outbox at the upgrade, with their keys and seqs, and go out.
import { afterEach, expect, it } from 'vitest';
import Dexie from 'dexie';
import { PromptRunsDB } from '../db';
import type { OutboxEntry } from '../model';
import { listOutbox } from './outbox';

const name = `upgrade-v11-${Math.random()}`;
afterEach(() => Dexie.delete(name));

it('moves the held queue entries into the outbox and drops the holding table', async () => {
  const old = new Dexie(name);
  old.version(10).stores({ outbox: 'key, seq, table', meta: 'key', organizeOutbox: 'key, seq, table' });
  const held: OutboxEntry[] = [
    { key: 'tags:t1', table: 'tags', rowId: 't1', fields: ['name', 'color', 'status'], isNew: true, seq: 3, queuedAt: '2026-12-05T10:00:00.000Z' },
    { key: 'runTags:r1/t1', table: 'runTags', rowId: 'r1/t1', fields: ['present'], isNew: false, seq: 4, queuedAt: '2026-12-05T10:00:01.000Z' },
  ];
  const queued: OutboxEntry = { key: 'runs:r1', table: 'runs', rowId: 'r1', fields: ['name'], isNew: false, seq: 2, queuedAt: '2026-12-05T09:59:00.000Z' };
  await old.table('organizeOutbox').bulkPut(held);
  await old.table('outbox').put(queued);
  old.close();

  const db = new PromptRunsDB(name);
  await db.open();
  expect(db.verno).toBeGreaterThanOrEqual(11);
  expect(await listOutbox(db)).toEqual([queued, ...held]);
  expect(db.tables.map((t) => t.name)).not.toContain('organizeOutbox');
  db.close();
});
