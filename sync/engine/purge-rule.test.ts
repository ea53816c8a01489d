// The purge rule, on two devices with no faults: a run deleted forever stays deleted (a restore from a
// device that had not heard of it does not bring it back), and text written there on such a device is
// kept in a new run, "Recovered: <name>", with a notice, whichever of the device's push or pull comes first.
import { afterEach, describe, expect, it } from 'vitest';
import { createPrompt } from '../store/prompts';
import { createRun, deleteRun, getRun, restoreRun, updateRun } from '../store/runs';
import { purgeRun } from '../store/run-library-actions';
import { makeMessage } from '../test-support';
import type { PromptRunsDB } from '../db';
import type { Message } from '../model';
import { applyPull } from './apply-pull';
import { createTestWorld, type TestDevice, type TestWorld } from './test-world';
import { messagesOfRun } from '../run-messages';

let world: TestWorld;
afterEach(async () => world?.dispose());

async function newRun(device: TestDevice, name: string) {
  const prompt = await createPrompt(device.db, { name: 'Plan', user_template: 'Plan {{x}}' });
  if (!prompt.ok) throw prompt.error;
  const runId = crypto.randomUUID();
  const first = makeMessage(runId, 'user', 'first question', null, { createdAt: device.clock.nowIso() });
  const reply = makeMessage(runId, 'assistant', 'first answer', first.id, { createdAt: device.clock.nowIso() });
  const run = await createRun(device.db, prompt.value.id, { name, variable_values: {}, settings: prompt.value.settings, messages: [first, reply] });
  if (!run.ok) throw run.error;
  return run.value;
}

async function write(device: TestDevice, runId: string, text: string): Promise<Message> {
  const leaf = (await getRun(device.db, runId))!.run.current_leaf_id;
  world.advance(1_000);
  const message = makeMessage(runId, 'user', text, leaf, { createdAt: device.clock.nowIso() });
  const saved = await updateRun(device.db, runId, { append: [message], current_leaf_id: message.id });
  if (!saved.ok) throw saved.error;
  return message;
}

async function recoveredRuns(db: PromptRunsDB) {
  return (await db.runs.toArray()).filter((r) => r.name.startsWith('Recovered: '));
}

/** X deletes the run forever; Y, not yet told, restores it from the trash and writes in it. */
async function purgeWhileRestoring(order: 'push-first' | 'pull-first') {
  world = createTestWorld(order === 'push-first' ? 41 : 42);
  const x = world.addDevice('x');
  const y = world.addDevice('y');
  const run = await newRun(x, 'Trip plan');
  await x.engine.syncNow();
  await deleteRun(x.db, run.id);
  await x.engine.syncNow();
  await y.engine.syncNow(); // Y has the run, in its trash
  world.advance(1_000);
  expect((await purgeRun(x.db, run.id)).ok).toBe(true);
  await x.engine.syncNow();
  world.advance(1_000);
  expect((await restoreRun(y.db, run.id)).ok).toBe(true);
  const written = [await write(y, run.id, 'Book the night train'), await write(y, run.id, 'and a hotel near the station')];
  if (order === 'pull-first') {
    // Y hears of the purge before its own push goes out.
    await applyPull(y.db, world.server.pull({ since: null, max_rows: 1000, protocol: 2 }));
  }
  expect(await y.engine.syncNow()).toMatchObject({ ok: true });
  await y.engine.syncNow();
  await x.engine.syncNow();
  return { x, y, run, written };
}

describe('delete forever racing a restore and new text on another device', () => {
  for (const order of ['push-first', 'pull-first'] as const) {
    it(`keeps the text in a "Recovered" run with a notice, and the purge stays final (${order})`, async () => {
      const { x, y, run, written } = await purgeWhileRestoring(order);
      for (const device of [x, y]) {
        // The purge is final everywhere: still deleted, nothing of its conversation left.
        expect((await device.db.runs.get(run.id))?.status, device.name).toBe('deleted');
        expect(await messagesOfRun(device.db.messages, run.id).count(), device.name).toBe(0);
        expect(await device.db.purged.get(run.id), device.name).toBeDefined();
        // Y's text lives on in one new run, on both devices and the server.
        const [recovered, ...others] = await recoveredRuns(device.db);
        expect(others).toEqual([]);
        expect(recovered).toMatchObject({ name: 'Recovered: Trip plan', status: 'active', message_count: 2 });
        const kept = await getRun(device.db, recovered!.id);
        expect(kept?.messages.map((m) => m.content), device.name).toEqual(written.map((m) => m.content));
        expect(kept?.messages[0]?.parentId, 'the first kept message starts the conversation').toBeNull();
      }
      const server = world.server.runs.get(run.id)!;
      expect([server.row.status, server.messages.size]).toEqual(['deleted', 0]);
      // Y is told, in words: the notice names the new run and counts the messages kept.
      expect(y.engine.getState().recovered).toEqual([expect.objectContaining({ name: 'Recovered: Trip plan', count: 2 })]);
      expect(y.engine.getState().deadLetters).toEqual([]);
      expect(await y.db.outbox.count()).toBe(0);
      await y.engine.dismissRecoveredRun(y.engine.getState().recovered[0]!.runId);
      expect(y.engine.getState().recovered).toEqual([]);
    });
  }

  it('keeps text that waited in the dead letters too: a refused change holding messages, then the run is purged', async () => {
    world = createTestWorld(44, { reject: (c) => (c.values.name === 'Refused name' ? { code: 'P0001', message: 'not today' } : null) });
    const x = world.addDevice('x');
    const y = world.addDevice('y');
    const run = await newRun(x, 'Notes');
    await x.engine.syncNow();
    await y.engine.syncNow();
    const { renameRun } = await import('../store/runs');
    await renameRun(y.db, run.id, 'Refused name');
    const parked = await write(y, run.id, 'written, then parked with the rename');
    await y.engine.syncNow();
    expect(y.engine.getState().deadLetters.map((l) => l.change?.append_messages?.map((m) => m.id))).toEqual([[parked.id]]);
    await deleteRun(x.db, run.id);
    await purgeRun(x.db, run.id);
    await x.engine.syncNow();
    await y.engine.syncNow();
    await y.engine.syncNow();
    const [recovered] = await recoveredRuns(y.db);
    expect((await getRun(y.db, recovered!.id))?.messages.map((m) => m.content)).toEqual(['written, then parked with the rename']);
    expect(world.server.runs.get(recovered!.id)?.messages.has(parked.id)).toBe(true);
    // The parked rename stays in the dead letters (the person may discard it); its text no longer does.
    expect(y.engine.getState().deadLetters.map((l) => [l.change?.values.name, l.change?.append_messages, l.entries.map((e) => e.table)])).toEqual([['Refused name', undefined, ['runs']]]);
  });

  it('leaves no list preview or activity time of a purged run behind on a device whose copy was newer', async () => {
    world = createTestWorld(43);
    const x = world.addDevice('x');
    const y = world.addDevice('y');
    const run = await newRun(x, 'Secret');
    await x.engine.syncNow();
    await y.engine.syncNow();
    await write(y, run.id, 'a newer line on Y'); // Y's row is now newer than the server's
    await deleteRun(x.db, run.id);
    await purgeRun(x.db, run.id);
    await x.engine.syncNow();
    await applyPull(y.db, world.server.pull({ since: null, max_rows: 1000, protocol: 2 }));
    const onY = (await y.db.runs.get(run.id))!;
    expect(onY).toMatchObject({ status: 'deleted', message_count: 0, last_message_preview: '', last_message_at: onY.created_at });
  });
});
