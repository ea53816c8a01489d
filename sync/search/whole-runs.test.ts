import { afterEach, beforeEach, expect, it } from 'vitest';
import { freshDb, makeMessage } from '../test-support';
import type { PromptRunsDB } from '../db';
import type { Run } from '../model';
import { READ_MESSAGES, readWholeRuns } from './whole-runs';

let db: PromptRunsDB;
beforeEach(() => void (db = freshDb()));
afterEach(() => db.close());

const runRow = (id: string, count: number) => ({ id, message_count: count }) as Run;

it('reads whole runs in requests of at most READ_MESSAGES messages, and returns every message in run order', async () => {
  const ids = Array.from({ length: 12 }, (_, i) => `run-${String(i).padStart(2, '0')}`);
  const per = 250;
  await db.messages.bulkPut(ids.flatMap((id) => Array.from({ length: per }, (_, k) => makeMessage(id, 'user', `m ${k}`, null, { createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, k)).toISOString() }))));
  const runs = new Map(ids.map((id) => [id, runRow(id, per)]));
  const sizes: number[] = [];
  const getAll = IDBIndex.prototype.getAll;
  IDBIndex.prototype.getAll = function (this: IDBIndex, ...args: Parameters<IDBIndex['getAll']>) {
    const request = getAll.apply(this, args);
    request.addEventListener('success', () => sizes.push((request.result as unknown[]).length));
    return request;
  };
  try {
    const found = await db.transaction('r', db.messages, () => readWholeRuns(db, ids.map((runId) => ({ runId })), runs));
    expect(found).toHaveLength(ids.length * per);
    expect(found.map((m) => m.runId)).toEqual(ids.flatMap((id) => Array(per).fill(id)));
  } finally {
    IDBIndex.prototype.getAll = getAll;
  }
  expect(sizes.length).toBe(3);
  expect(Math.max(...sizes)).toBeLessThanOrEqual(READ_MESSAGES);
});
