import { afterEach, describe, expect, it } from 'vitest';
import { createPrompt, updatePrompt } from '../store/prompts';
import { createRun, deleteRun, getRun, renameRun, starRun, updateRun } from '../store/runs';
import { purgeRun } from '../store/run-library-actions';
import { makeMessage } from '../test-support';
import type { PromptRunsDB } from '../db';
import type { Message } from '../model';
import { applyPull } from './apply-pull';
import { readCursor } from './sync-meta';
import { createTestWorld, type TestWorld } from './test-world';
import { messagesOfRun } from '../run-messages';

let world: TestWorld;
afterEach(async () => world?.dispose());

async function newRun(db: PromptRunsDB, messages = 2) {
  const prompt = await createPrompt(db, { name: 'Summarise', user_template: 'Summarise {{text}}' });
  if (!prompt.ok) throw prompt.error;
  const runId = crypto.randomUUID();
  const list: Message[] = [];
  for (let i = 0; i < messages; i += 1) {
    world.advance(1);
    list.push(makeMessage(runId, i % 2 ? 'assistant' : 'user', `message ${i}`, list.at(-1)?.id ?? null));
  }
  const run = await createRun(db, prompt.value.id, { variable_values: { text: 'x' }, settings: prompt.value.settings, messages: list });
  if (!run.ok) throw run.error;
  return run.value;
}

describe('sync engine', () => {
  it('carries a run and its messages from one device to another', async () => {
    world = createTestWorld(1);
    const a = world.addDevice('a');
    const b = world.addDevice('b');
    const run = await newRun(a.db, 4);
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    expect(await b.engine.syncNow()).toMatchObject({ ok: true });
    const onB = await getRun(b.db, run.id);
    expect(onB?.run.name).toBe(run.name);
    expect(onB?.messages.map((m) => m.content)).toEqual(['message 0', 'message 1', 'message 2', 'message 3']);
    expect(onB?.run.message_count).toBe(4);
    expect(await a.db.outbox.count()).toBe(0);
    expect(a.engine.getState()).toMatchObject({ pending: 0, error: null });
  });

  it('applies nothing twice when the response is lost after the server committed', async () => {
    world = createTestWorld(2);
    const a = world.addDevice('a');
    await newRun(a.db, 2);
    a.transport.queueFaults('lostResponse');
    const first = await a.engine.syncNow();
    expect(first).toMatchObject({ ok: false, failure: { kind: 'network' } });
    const appliedOnce = world.server.appliedCount;
    expect(appliedOnce).toBe(3); // the prompt, its first version (the one the run started from) and the run
    expect(await a.db.outbox.count()).toBeGreaterThan(0); // not acknowledged: the device cannot know
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    expect(world.server.appliedCount).toBe(appliedOnce);
    const pushes = a.transport.sent.filter((s) => s.op === 'push');
    expect(pushes[1]?.req.changes.map((c) => c.seq)).toEqual(pushes[0]?.req.changes.map((c) => c.seq));
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('sends only the new messages when a reply is added to a long run', { timeout: 90_000 }, async () => {
    world = createTestWorld(3);
    const a = world.addDevice('a');
    const run = await newRun(a.db, 1000);
    await a.engine.syncNow();
    const before = a.transport.sent.length;
    const leaf = (await getRun(a.db, run.id))!.run.current_leaf_id;
    const user = makeMessage(run.id, 'user', 'one more question', leaf);
    const reply = makeMessage(run.id, 'assistant', 'one more answer', user.id);
    expect((await updateRun(a.db, run.id, { append: [user, reply], current_leaf_id: reply.id })).ok).toBe(true);
    await a.engine.syncNow();
    const push = a.transport.sent.slice(before).find((s) => s.op === 'push');
    expect(push?.op === 'push' && push.req.changes[0]?.append_messages?.map((m) => m.content)).toEqual(['one more question', 'one more answer']);
    expect(JSON.stringify(push?.req).length).toBeLessThan(2_500);
    expect(world.server.runs.get(run.id)?.messages.size).toBe(1002);
  });

  it('splits a run whose new messages exceed the per-change size limit over several changes', async () => {
    world = createTestWorld(10);
    const a = world.addDevice('a');
    const run = await newRun(a.db, 0);
    const big: Message[] = [];
    // Five messages of 250 KB (each under the 256 KiB a message may hold): 1.25 MB in all, over one change's 1 MiB.
    for (let i = 0; i < 5; i += 1) big.push(makeMessage(run.id, i % 2 ? 'assistant' : 'user', `${i}`.repeat(250_000), big.at(-1)?.id ?? null));
    await updateRun(a.db, run.id, { append: big });
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    const sizes = a.transport.sent.flatMap((s) => (s.op === 'push' ? s.req.changes.map((c) => new TextEncoder().encode(JSON.stringify(c)).length) : []));
    expect(Math.max(...sizes)).toBeLessThan(1024 * 1024);
    expect(a.engine.getState().deadLetters).toEqual([]);
    expect(world.server.runs.get(run.id)?.messages.size).toBe(5);
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('moves the pull cursor only after the page is stored: a failed apply is pulled again', async () => {
    world = createTestWorld(12);
    const a = world.addDevice('a');
    const b = world.addDevice('b');
    const run = await newRun(a.db);
    await a.engine.syncNow();
    const failWrites = () => {
      throw new Error('disk error');
    };
    b.db.runs.hook('creating', failWrites);
    const failed = await b.engine.syncNow();
    expect(failed).toMatchObject({ ok: false, failure: { message: expect.stringContaining('disk error') } });
    expect(await readCursor(b.db)).toBeNull();
    expect(await b.db.messages.count()).toBe(0); // the whole page rolled back, not half of it
    b.db.runs.hook('creating').unsubscribe(failWrites);
    expect(await b.engine.syncNow()).toMatchObject({ ok: true });
    expect((await getRun(b.db, run.id))?.messages).toHaveLength(2);
    expect(await readCursor(b.db)).not.toBeNull();
  });

  it('deletes a run forever everywhere: the server and other devices drop its conversation', async () => {
    world = createTestWorld(13);
    const a = world.addDevice('a');
    const b = world.addDevice('b');
    const run = await newRun(a.db, 4);
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect(await messagesOfRun(b.db.messages, run.id).count()).toBe(4);
    await deleteRun(a.db, run.id);
    expect((await purgeRun(a.db, run.id)).ok).toBe(true);
    await a.engine.syncNow();
    const push = a.transport.sent.filter((s) => s.op === 'push').at(-1);
    expect(push?.op === 'push' && push.req.changes[0]?.purge).toBe(true);
    expect(world.server.runs.get(run.id)?.messages.size).toBe(0);
    // B still appends offline before it hears of the purge: the server refuses it, and B keeps the text
    // in a run of its own (purge-rule.test.ts has the details).
    const late = makeMessage(run.id, 'user', 'too late', null);
    await updateRun(b.db, run.id, { append: [late] });
    await b.engine.syncNow();
    expect(world.server.runs.get(run.id)?.messages.size).toBe(0);
    expect(await messagesOfRun(b.db.messages, run.id).count()).toBe(0);
    expect(await b.db.purged.get(run.id)).toBeDefined();
    expect((await b.db.runs.get(run.id))?.status).toBe('deleted');
    expect(b.engine.getState().recovered).toEqual([expect.objectContaining({ count: 1 })]);
  });

  it('reports the age of the oldest unsynced change, even when that row was edited again since', async () => {
    world = createTestWorld(14);
    const a = world.addDevice('a');
    const first = await createPrompt(a.db, { name: 'first' });
    const startedAt = world.now();
    world.advance(5_000);
    await createPrompt(a.db, { name: 'second' });
    world.advance(5_000);
    if (first.ok) await updatePrompt(a.db, first.value.id, { name: 'first, edited' });
    await a.engine.refreshState();
    expect(a.engine.getState()).toMatchObject({ pending: 2, oldestPendingAt: new Date(startedAt).toISOString() });
  });

  it('counts what waits to sync as a person does: one run with its messages, one prompt', async () => {
    world = createTestWorld(15);
    const a = world.addDevice('a');
    await newRun(a.db, 4);
    await a.engine.refreshState();
    expect(a.engine.getState()).toMatchObject({ pending: 6, pendingItems: { runs: 1, prompts: 1 } });
  });

  it('refreshes the session on 401 and retries without losing the change', async () => {
    world = createTestWorld(4);
    let refreshes = 0;
    const a = world.addDevice('a');
    const b = world.addDevice('b', {}, {});
    const run = await newRun(a.db);
    await a.engine.syncNow();
    await renameRun(a.db, run.id, 'Renamed while the token expired');
    a.transport.queueFaults('unauthorized');
    const original = a.transport.refreshSession;
    a.transport.refreshSession = async () => {
      refreshes += 1;
      return original();
    };
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    expect(refreshes).toBe(1);
    await b.engine.syncNow();
    expect((await getRun(b.db, run.id))?.run.name).toBe('Renamed while the token expired');
  });

  it('keeps a pending local edit when a pull brings an older or newer remote value', async () => {
    world = createTestWorld(5);
    const a = world.addDevice('a');
    const b = world.addDevice('b');
    const run = await newRun(a.db);
    await a.engine.syncNow();
    await b.engine.syncNow();
    world.advance(10);
    await renameRun(a.db, run.id, 'A offline'); // pending on A
    world.advance(10);
    await renameRun(b.db, run.id, 'B later');
    await starRun(b.db, run.id, true);
    await b.engine.syncNow();
    await applyPull(a.db, world.server.pull({ since: null, max_rows: 1000 }));
    const mid = (await getRun(a.db, run.id))!.run;
    expect(mid.name).toBe('A offline'); // pending edit untouched by the pull
    expect(mid.is_starred).toBe(true); // the other field still arrives
    await a.engine.syncNow();
    await b.engine.syncNow();
    // Once A's edit is sent, last-write-wins decides: B's rename is later everywhere.
    expect((await getRun(a.db, run.id))!.run.name).toBe('B later');
    expect(world.server.runs.get(run.id)?.row.name).toBe('B later');
  });

  it('keeps an edit made while the previous version of the row was in flight', async () => {
    world = createTestWorld(6);
    const a = world.addDevice('a');
    const run = await newRun(a.db);
    await a.engine.syncNow();
    await renameRun(a.db, run.id, 'first');
    const push = a.transport.push;
    a.transport.push = async (req) => {
      world.advance(5);
      await renameRun(a.db, run.id, 'second, typed during the push');
      a.transport.push = push;
      return push(req);
    };
    await a.engine.syncNow();
    expect(world.server.runs.get(run.id)?.row.name).toBe('second, typed during the push');
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('parks a refused change in the dead-letter list without blocking the rest, and retries it on request', async () => {
    let refuse = true;
    world = createTestWorld(7, { reject: (c) => (refuse && c.table === 'prompt_runs' && c.values.name === 'Forbidden' ? { code: '42501', message: 'new row violates row-level security policy' } : null) });
    const a = world.addDevice('a');
    const bad = await newRun(a.db);
    await renameRun(a.db, bad.id, 'Forbidden');
    const good = await newRun(a.db);
    const result = await a.engine.syncNow();
    expect(result.ok).toBe(true);
    expect(world.server.runs.has(good.id)).toBe(true);
    expect(world.server.runs.has(bad.id)).toBe(false);
    const state = a.engine.getState();
    expect(state.pending).toBe(0);
    expect(state.deadLetters).toHaveLength(1);
    expect(state.deadLetters[0]).toMatchObject({ label: 'Run “Forbidden”', code: '42501' });
    refuse = false;
    await a.engine.retryDeadLetter(state.deadLetters[0]!.id);
    await a.engine.syncNow();
    expect(world.server.runs.get(bad.id)?.row.name).toBe('Forbidden');
    expect(world.server.runs.get(bad.id)?.messages.size).toBe(2);
    expect(a.engine.getState().deadLetters.map((l) => [l.label, l.code, l.message, l.entries.map((e) => e.key)])).toEqual([]);
  });

  it('discarding a dead letter removes it from the list and leaves the local copy', async () => {
    world = createTestWorld(8, { reject: (c) => (c.table === 'prompts' ? { code: 'P0001', message: 'prompt refused' } : null) });
    const a = world.addDevice('a');
    await createPrompt(a.db, { name: 'Kept locally' });
    await a.engine.syncNow();
    const [letter] = a.engine.getState().deadLetters;
    expect(letter?.message).toBe('prompt refused');
    await a.engine.discardDeadLetter(letter!.id);
    expect(a.engine.getState().deadLetters).toEqual([]);
    expect((await a.db.prompts.toArray()).map((p) => p.name)).toEqual(['Kept locally']);
  });

  it('splits a batch the server refuses as a whole, so only the bad change is parked', async () => {
    world = createTestWorld(9);
    const a = world.addDevice('a');
    const runs = [await newRun(a.db), await newRun(a.db), await newRun(a.db)];
    const push = a.transport.push;
    a.transport.push = async (req) =>
      req.changes.some((c) => c.id === runs[1]!.id) ? { kind: 'rejected', code: '22P02', message: 'invalid input syntax' } : push(req);
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    expect(runs.map((r) => world.server.runs.has(r.id))).toEqual([true, false, true]);
    expect(a.engine.getState().deadLetters.map((d) => d.change?.id)).toEqual([runs[1]!.id]);
  });
});
