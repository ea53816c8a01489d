import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, makeMessage } from '../test-support';
import type { PromptRunsDB } from '../db';
import { archiveRun, createRun, deleteRun, getRun } from './runs';
import { bulkRunAction, purgeRun, setRunStatus } from './run-library-actions';
import { queryRuns } from './run-queries';
import { listOutbox, ackOutbox } from './outbox';
import { searchRuns } from '../search/search';
import { messagesOfRun } from '../run-messages';

let db: PromptRunsDB;
beforeEach(() => void (db = freshDb()));
afterEach(() => db.close());

async function make(name: string, text = 'hello') {
  const r = await createRun(db, 'p1', { name, variable_values: { a: '1' }, settings: { provider: 'echo', model_id: 'echo' }, messages: [makeMessage('', 'user', text, null)] });
  if (!r.ok) throw r.error;
  return r.value;
}

describe('setRunStatus (Undo)', () => {
  it('puts an archived run that was deleted back into the archive, not the active list', async () => {
    const run = await make('A');
    await archiveRun(db, run.id);
    await deleteRun(db, run.id);
    await setRunStatus(db, run.id, 'archived');
    expect((await db.runs.get(run.id))?.status).toBe('archived');
  });
});

describe('bulkRunAction', () => {
  it('applies the action to every run and returns the prior rows for Undo', async () => {
    const a = await make('A');
    const b = await make('B');
    const outcome = await bulkRunAction(db, [a.id, b.id, 'missing'], 'delete');
    expect(outcome.changed.map((r) => r.status)).toEqual(['active', 'active']);
    expect(outcome.failed.map((e) => e.reason)).toEqual(['not_found']);
    expect((await queryRuns(db, { view: 'trash', sort: 'recent', limit: 10 })).entries).toHaveLength(2);
  });
});

describe('purgeRun', () => {
  it('refuses a run that is not in the trash', async () => {
    const run = await make('Keep');
    const result = await purgeRun(db, run.id);
    expect(result.ok).toBe(false);
    expect((await getRun(db, run.id))?.messages).toHaveLength(1);
  });

  it('removes messages and search entries, hides the run, and queues a blank deleted tombstone', async () => {
    const run = await make('Secret plan', 'the launch codes');
    await deleteRun(db, run.id);
    await ackOutbox(db, await listOutbox(db)); // as if already synced
    expect((await purgeRun(db, run.id)).ok).toBe(true);
    expect(await messagesOfRun(db.messages, run.id).count()).toBe(0);
    expect(await searchRuns(db, 'launch')).toEqual([]);
    expect(await searchRuns(db, 'secret')).toEqual([]);
    expect((await queryRuns(db, { view: 'trash', sort: 'recent', limit: 10 })).entries).toEqual([]);
    const tombstone = await db.runs.get(run.id);
    expect(tombstone).toMatchObject({ status: 'deleted', name: 'Deleted run', variable_values: {}, message_count: 0 });
    const [entry] = await listOutbox(db);
    expect(entry).toMatchObject({ key: `runs:${run.id}`, isNew: false });
    expect(entry?.fields).toEqual(expect.arrayContaining(['name', 'variable_values', 'status']));
  });

  it('drops unsent messages of the purged run from the outbox', async () => {
    const run = await make('Unsynced');
    await deleteRun(db, run.id);
    await purgeRun(db, run.id);
    expect((await listOutbox(db)).filter((e) => e.table === 'messages')).toEqual([]);
  });
});
