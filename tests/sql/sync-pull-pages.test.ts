// sync_pull pages on real PostgreSQL: a page reads about a page of index entries wherever it is in the
// user's history (counted with the transaction's own index statistics, not timed), pages that stop in
// the middle of one large push's transaction go on exactly after their last row, and a mid-snapshot
// cursor from before this change restarts its snapshot rather than skip anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../sync/protocol';
import { at, editRun, message, newPrompt, newRun, startTestDb, uuid, type TestDb } from './support/test-db';

let db: TestDb;
let user: string;
const device = uuid();
let seq = 0;
const messageIds: string[] = [];
const runIds: string[] = [];

beforeAll(async () => {
  db = await startTestDb();
  user = await db.createUser();
  const promptId = uuid();
  // 20 runs and 2,500 messages, most of them written by one call (one transaction): the case where
  // pages stop in the middle of a transaction.
  const runs = Array.from({ length: 20 }, () => uuid());
  runIds.push(...runs);
  await db.push(user, device, [newPrompt(++seq, promptId), ...runs.map((id) => newRun(++seq, id, promptId))]);
  const big: unknown[] = [];
  for (const [r, runId] of runs.entries()) {
    const list = Array.from({ length: 125 }, (_, i) => message(uuid(), null, `run ${r} message ${i}`, at(i)));
    messageIds.push(...list.map((m) => m.id));
    big.push({ ...editRun(++seq, runId, {}, at(1)), append_messages: list });
  }
  await db.push(user, device, big.slice(0, 16));
  await db.push(user, device, big.slice(16));
  // Another user with a longer history, so the table holds more than this user's rows.
  const other = await db.createUser();
  const otherPrompt = uuid();
  const otherRun = uuid();
  await db.push(other, uuid(), [newPrompt(1, otherPrompt), newRun(2, otherRun, otherPrompt),
    { ...editRun(3, otherRun, {}, at(1)), append_messages: Array.from({ length: 1_000 }, (_, i) => message(uuid(), null, `other ${i}`, at(i))) }]);
  // Statistics, as autovacuum keeps them (a table the planner knows nothing of gets a bitmap scan and sort).
  await db.admin.query('analyze');
});
afterAll(() => db?.close());

/** One pull and the index entries its transaction read in the sync tables. */
async function pullCounting(since: string | null, maxRows: number): Promise<{ page: PullResponse; indexReads: number }> {
  // Counts not yet flushed to the shared statistics: read before and after, in one transaction.
  const counted = `select coalesce(sum(pg_stat_get_xact_tuples_returned(i.indexrelid)), 0) as n from pg_index i
    where i.indrelid in ('public.prompts'::regclass, 'public.prompt_runs'::regclass, 'public.prompt_run_messages'::regclass)`;
  const tx = await db.begin(user);
  try {
    const before = await tx.query<{ n: string }>(counted);
    const { rows } = await tx.query<{ r: PullResponse }>('select public.sync_pull($1, $2, 2) as r', [since, maxRows]);
    const after = await tx.query<{ n: string }>(counted);
    return { page: rows[0]!.r, indexReads: Number(after.rows[0]!.n) - Number(before.rows[0]!.n) };
  } finally {
    await tx.commit();
  }
}

describe('pages', () => {
  it('read about a page of index entries each, first to last, and deliver every row once', async () => {
    const reads: number[] = [];
    const seen: string[] = [];
    let since: string | null = null;
    for (let i = 0; i < 100; i += 1) {
      const { page, indexReads }: { page: PullResponse; indexReads: number } = await pullCounting(since, 100);
      reads.push(indexReads);
      seen.push(...page.messages.map((m) => m.id), ...page.runs.map((r) => r.id));
      since = page.cursor;
      if (!page.has_more) break;
    }
    expect(reads.length).toBe(26);
    // Each table's scan stops after a page (3 × 101) and each row of the page is fetched by key (100).
    expect(Math.max(...reads)).toBeLessThan(3 * 101 + 100 + 20);
    expect([...seen].sort()).toEqual([...messageIds, ...runIds].sort());
  });

  it('restart the snapshot for a mid-snapshot cursor written before pages were keyed this way', async () => {
    const first = await db.pull(user, null, 50);
    expect(first.cursor).toMatch(/^2;/);
    const old = first.cursor.replace(/^2;/, '1;');
    const rest: PullResponse[] = [];
    let since: string | null = old;
    for (let i = 0; i < 200 && since; i += 1) {
      const page: PullResponse = await db.pull(user, since, 500);
      rest.push(page);
      since = page.has_more ? page.cursor : null;
    }
    const ids = new Set(rest.flatMap((p) => p.messages.map((m) => m.id)));
    // Nothing skipped (the first page's rows may come again).
    for (const id of messageIds) expect(ids.has(id)).toBe(true);
  });
});
