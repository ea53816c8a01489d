// An imported run is queued as one outbox entry that carries all its messages (not one entry per message):
// the push sends each such run with all its messages, each message exactly once; a run too big for one
// change is queued message by message first and goes over several calls; messages written in it before it
// synced go with it, once.
import { expect, it } from 'vitest';
import { importChatExport } from '../import/import-chat-export';
import { chatGptConversation } from '../import/chat-export-fixtures';
import { newId } from '../clock';
import { updateRun } from '../store/runs';
import { createTestWorld, heldPerTest } from './test-world';

const held = heldPerTest();

async function importInto(db: Parameters<typeof importChatExport>[0], conversations: unknown[]) {
  const result = await importChatExport(db, new Blob([JSON.stringify(conversations)]));
  if (!result.ok) throw result.error;
}

it('pushes every imported run with all its messages, each once, in parents-first order, and empties the outbox', async () => {
  const w = (held.world = createTestWorld(31));
  const a = w.addDevice('a');
  await importInto(a.db, Array.from({ length: 30 }, (_, i) => chatGptConversation(i, { turns: 3, branch: true })));
  const messages = await a.db.messages.toArray();
  expect(await a.db.outbox.count()).toBe(31); // the prompt and one per run
  expect(await a.engine.syncNow()).toMatchObject({ ok: true });
  const pushes = a.transport.sent.flatMap((s) => (s.op === 'push' ? [s.req] : []));
  const sent = pushes.flatMap((p) => p.changes.flatMap((c) => (c.append_messages ?? []).map((m) => m.id)));
  expect([...sent].sort()).toEqual(messages.map((m) => m.id).sort());
  for (const run of await a.db.runs.toArray()) {
    expect(w.server.runs.get(run.id)?.messages.size).toBe(run.message_count);
    const order = pushes.flatMap((p) => p.changes.filter((c) => c.id === run.id).flatMap((c) => c.append_messages ?? []));
    order.forEach((m, i) => expect(m.parentId === null || order.slice(0, i).some((p) => p.id === m.parentId)).toBe(true));
  }
  expect(await a.db.outbox.count()).toBe(0);
  expect(a.engine.getState().deadLetters).toEqual([]);
  // Nothing goes twice: another cycle sends no change.
  const before = a.transport.sent.length;
  await a.engine.syncNow();
  expect(a.transport.sent.slice(before).filter((s) => s.op === 'push')).toEqual([]);
});

it('splits a run too big for one change into per-message entries, then sends it over several calls', async () => {
  const w = (held.world = createTestWorld(32));
  const a = w.addDevice('a', {}, { limits: { maxChanges: 100, maxMessages: 4 } });
  await importInto(a.db, [chatGptConversation(0, { turns: 5 }), chatGptConversation(1, { turns: 1 })]);
  const big = (await a.db.runs.toArray()).find((r) => r.name === 'Conversation 0')!;
  expect(await a.engine.syncNow()).toMatchObject({ ok: true });
  const pushes = a.transport.sent.flatMap((s) => (s.op === 'push' ? [s.req] : []));
  const parts = pushes.flatMap((p) => p.changes.filter((c) => c.id === big.id).map((c) => (c.append_messages ?? []).map((m) => m.id)));
  expect(parts.length).toBeGreaterThanOrEqual(3);
  expect(Math.max(...parts.map((p) => p.length))).toBeLessThanOrEqual(4);
  expect(new Set(parts.flat()).size).toBe(parts.flat().length);
  expect(w.server.runs.get(big.id)?.messages.size).toBe(10);
  expect(await a.db.outbox.count()).toBe(0);
});

it('sends a message written in an imported run before it synced with the run, once', async () => {
  const w = (held.world = createTestWorld(33));
  const a = w.addDevice('a');
  await importInto(a.db, [chatGptConversation(0, { turns: 1 })]);
  const run = (await a.db.runs.toArray())[0]!;
  const leaf = run.current_leaf_id;
  const added = await updateRun(a.db, run.id, { append: [{ id: newId(), runId: run.id, parentId: leaf, role: 'user', content: 'and one more', status: 'done', createdAt: new Date(w.now()).toISOString() }] });
  expect(added.ok).toBe(true);
  expect(await a.engine.syncNow()).toMatchObject({ ok: true });
  const pushes = a.transport.sent.flatMap((s) => (s.op === 'push' ? [s.req] : []));
  const sent = pushes.flatMap((p) => p.changes.flatMap((c) => (c.append_messages ?? []).map((m) => m.content)));
  expect(sent.filter((c) => c === 'and one more')).toHaveLength(1);
  expect(sent).toHaveLength(3);
  expect(w.server.runs.get(run.id)?.messages.size).toBe(3);
  expect(await a.db.outbox.count()).toBe(0);
});
