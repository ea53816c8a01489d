import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb } from '../test-support';
import type { PromptRunsDB } from '../db';
import { createRun, renameRun } from './runs';
import { ackOutbox, countPending, listOutbox } from './outbox';

let db: PromptRunsDB;
beforeEach(() => { db = freshDb(); });
afterEach(() => db.close());

describe('outbox', () => {
  it('survives reopening the database', async () => {
    await createRun(db, 'p', { variable_values: {}, settings: { provider: 'echo', model_id: 'echo' } });
    const name = db.name;
    db.close();
    const { PromptRunsDB } = await import('../db');
    db = new PromptRunsDB(name);
    expect(await countPending(db)).toBe(1);
  });

  it('keeps an entry that changed while it was being pushed', async () => {
    const run = await createRun(db, 'p', { variable_values: {}, settings: { provider: 'echo', model_id: 'echo' } });
    if (!run.ok) throw run.error;
    const snapshot = await listOutbox(db);
    await renameRun(db, run.value.id, 'Renamed during push');
    expect(await ackOutbox(db, snapshot)).toBe(0);
    const [entry] = await listOutbox(db);
    expect(entry?.fields).toContain('name');
    expect(await ackOutbox(db, [entry!])).toBe(1);
    expect(await countPending(db)).toBe(0);
  });

  it('gives every change a higher sequence number', async () => {
    const a = await createRun(db, 'p', { variable_values: {}, settings: { provider: 'echo', model_id: 'echo' } });
    const b = await createRun(db, 'p', { variable_values: {}, settings: { provider: 'echo', model_id: 'echo' } });
    if (!a.ok || !b.ok) throw new Error('setup');
    await renameRun(db, a.value.id, 'again');
    const seqs = (await listOutbox(db)).filter((e) => e.table === 'runs').map((e) => [e.rowId, e.seq] as const);
    expect(seqs.map(([id]) => id)).toEqual([b.value.id, a.value.id]);
    expect(seqs[1]![1]).toBeGreaterThan(seqs[0]![1]);
  });
});
