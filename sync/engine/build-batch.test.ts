// A push call reads what one batch sends, not the whole outbox: after an import of 100,000 messages a call
// of ≤ 1,000 messages read every entry, so pushing them all was quadratic. What a batch holds, and the
// order it holds it in, stay as they were.
import { describe, expect, it } from 'vitest';
import { PromptRunsDB } from '../db';
import { newId } from '../clock';
import { renameRun } from '../store/runs';
import { saveLongRun } from '../test-support';
import { buildBatch } from './build-batch';
import { DEFAULT_LIMITS } from './push-outbox';
import { createTestWorld, heldPerTest } from './test-world';
import { messagesOfRun } from '../run-messages';

const held = heldPerTest();

/** Counts the outbox entries the database hands out (queries and gets). */
function countOutboxReads(target: PromptRunsDB): { read: number } {
  const counter = { read: 0 };
  target.use({
    stack: 'dbcore',
    name: 'count-outbox-reads',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'outbox') return table;
        return {
          ...table,
          query: async (req) => {
            const res = await table.query(req);
            counter.read += res.result.length;
            return res;
          },
          getMany: async (req) => {
            const res = await table.getMany(req);
            counter.read += res.length;
            return res;
          },
          get: async (req) => {
            const res: unknown = await table.get(req);
            counter.read += res === undefined ? 0 : 1;
            return res;
          },
        };
      },
    }),
  });
  return counter;
}

describe('buildBatch', () => {
  it('reads about one batch of a long queue, not all of it', { timeout: 60_000 }, async () => {
    const db = (held.db = new PromptRunsDB(`build-batch-${newId()}`));
    const counter = countOutboxReads(db);
    await saveLongRun(db, 3_000);
    expect(await db.outbox.count()).toBeGreaterThan(3_000); // the prompt, the run, its messages
    counter.read = 0;
    const { drafts } = await buildBatch(db, DEFAULT_LIMITS);
    expect(drafts.map((d) => d.change.append_messages?.length ?? 0)).toEqual([0, 1_000]);
    expect(counter.read).toBeLessThan(2_000);
  });

  it('sends a run renamed after its messages were queued with its insert, in the first call', { timeout: 60_000 }, async () => {
    const w = (held.world = createTestWorld(12));
    const a = w.addDevice('a');
    const run = await saveLongRun(a.db, 2_500, () => w.advance(1));
    // The run's entry now sits behind all its messages in the queue.
    await renameRun(a.db, run.id, 'renamed');
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    const pushes = a.transport.sent.flatMap((s) => (s.op === 'push' ? [s.req] : []));
    const first = pushes[0]!.changes.find((c) => c.id === run.id);
    expect(first).toMatchObject({ insert: { prompt_id: run.prompt_id }, values: { name: 'renamed' } });
    expect(first?.append_messages).toHaveLength(1_000);
    const stored = w.server.runs.get(run.id)!;
    expect(stored.row.name).toBe('renamed');
    expect(stored.messages.size).toBe(2_500);
    // In the order they were written, each once.
    const sent = pushes.flatMap((p) => p.changes.flatMap((c) => c.append_messages ?? []).map((m) => m.content));
    expect(sent).toEqual(Array.from({ length: 2_500 }, (_, i) => `message ${i}`));
    expect(a.engine.getState().deadLetters).toEqual([]);
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('reads on past entries whose rows are gone, so a call still sends what follows them', async () => {
    const db = (held.db = new PromptRunsDB(`build-batch-${newId()}`));
    const run = await saveLongRun(db, 1_500);
    await db.runs.delete(run.id); // as if gone without their entries
    await messagesOfRun(db.messages, run.id).delete();
    const other = await saveLongRun(db, 2);
    const { drafts, orphans } = await buildBatch(db, { maxChanges: 100, maxMessages: 100 });
    expect(drafts.map((d) => d.change.id)).toContain(other.id);
    expect(orphans.length).toBeGreaterThanOrEqual(1_500);
  });
});
