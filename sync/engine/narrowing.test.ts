// One change that the server cannot take, whatever the reason, never stalls the queue: the engine narrows
// the failing batch down to it, parks it with its reason, and everything else syncs. An outage is not
// mistaken for such a change. Also: the batch builder stays within the call limits, and a run with more
// messages than the server takes in one change goes over several.
import { afterEach, describe, expect, it } from 'vitest';
import { createPrompt } from '../store/prompts';
import { createRun, renameRun, updateRun } from '../store/runs';
import { makeMessage } from '../test-support';
import { SYNC_LIMITS, type PushChange } from '../protocol';
import type { Message } from '../model';
import { POISON_STRIKES } from './push-batch';
import { createTestWorld, type TestDevice, type TestWorld } from './test-world';
import type { TransportFailure } from './transport';

let world: TestWorld;
afterEach(async () => world?.dispose());

async function runs(device: TestDevice, count: number) {
  const prompt = await createPrompt(device.db, { name: 'p' });
  if (!prompt.ok) throw prompt.error;
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const run = await createRun(device.db, prompt.value.id, { name: `run ${i}`, variable_values: {}, settings: prompt.value.settings });
    if (!run.ok) throw run.error;
    ids.push(run.value.id);
  }
  return ids;
}

const failures: Record<string, TransportFailure> = {
  '500 from a server that chokes on it': { kind: 'server', status: 500, message: 'Internal Server Error' },
  '400 for the whole call': { kind: 'rejected', code: '22P05', message: 'unsupported Unicode escape sequence' },
  '413 for the whole call': { kind: 'rejected', code: 'payload_too_large', message: 'Payload Too Large' },
};

describe('a poison change', () => {
  for (const [reason, failure] of Object.entries(failures)) {
    it(`is found among 150 good ones and parked with its reason (${reason}); the rest syncs`, async () => {
      world = createTestWorld(51);
      const a = world.addDevice('a');
      const ids = await runs(a, 150);
      await a.engine.syncNow();
      for (const id of ids) await renameRun(a.db, id, `renamed ${id.slice(0, 4)}`);
      const poison = ids[97]!;
      await renameRun(a.db, poison, 'the poison');
      a.transport.poison = (c: PushChange) => (c.id === poison ? failure : null);
      expect(await a.engine.syncNow()).toMatchObject({ ok: true });
      for (const id of ids) {
        expect(world.server.runs.get(id)?.row.name).toBe(id === poison ? 'run 97' : `renamed ${id.slice(0, 4)}`);
      }
      const [letter, ...more] = a.engine.getState().deadLetters;
      expect(more).toEqual([]);
      expect(letter).toMatchObject({ label: 'Run “the poison”', change: { id: poison } });
      expect(letter!.message).toContain(failure.kind === 'server' ? `failed on this change ${POISON_STRIKES} times in a row (HTTP 500` : failure.message);
      expect(a.engine.getState().pending).toBe(0);
      // Once the server can take it, Retry sends it.
      a.transport.poison = null;
      await a.engine.retryDeadLetter(letter!.id);
      expect(await a.engine.syncNow()).toMatchObject({ ok: true });
      expect(world.server.runs.get(poison)?.row.name).toBe('the poison');
      expect(a.engine.getState().deadLetters).toEqual([]);
    });
  }

  it('is not confused with an outage: while the server answers nothing but 5xx, nothing is parked', async () => {
    world = createTestWorld(52);
    const a = world.addDevice('a');
    await runs(a, 10);
    a.transport.setRates({ serverError: 1 });
    for (let i = 0; i < 8; i += 1) expect(await a.engine.syncNow()).toMatchObject({ ok: false, failure: { kind: 'server' } });
    expect(a.engine.getState().deadLetters).toEqual([]);
    a.transport.setRates({});
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    expect(world.server.runs.size).toBe(10);
  });
});

describe('the batch builder', () => {
  it('never sends more than a call may carry: 500 changes, 4 MiB', { timeout: 180_000 }, async () => {
    world = createTestWorld(53);
    const a = world.addDevice('a', {}, { limits: { maxChanges: 10_000, maxMessages: 1_000 } });
    const prompt = await createPrompt(a.db, { name: 'p' });
    if (!prompt.ok) throw prompt.error;
    // 520 runs of one 9 KB message each: 4.7 MB, 521 changes.
    for (let i = 0; i < 520; i += 1) {
      const id = crypto.randomUUID();
      await createRun(a.db, prompt.value.id, { variable_values: {}, settings: prompt.value.settings, messages: [makeMessage(id, 'user', `${i} `.padEnd(9_000, 'x'), null)] });
    }
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    const pushes = a.transport.sent.flatMap((s) => (s.op === 'push' ? [s.req.changes] : []));
    for (const changes of pushes) {
      expect(changes.length).toBeLessThanOrEqual(SYNC_LIMITS.changesPerCall);
      expect(new TextEncoder().encode(JSON.stringify(changes)).length).toBeLessThanOrEqual(SYNC_LIMITS.bytesPerCall);
    }
    expect(world.server.runs.size).toBe(520);
    expect(a.engine.getState().deadLetters).toEqual([]);
  });

  it('sends a run\'s messages over several changes when the server takes fewer per change than it was sent', { timeout: 60_000 }, async () => {
    world = createTestWorld(54, { reject: (c) => ((c.append_messages?.length ?? 0) > 300 ? { code: 'too_many_messages', message: 'at most 300 messages per change' } : null) });
    const a = world.addDevice('a');
    const [runId] = await runs(a, 1);
    const list: Message[] = [];
    for (let i = 0; i < 900; i += 1) list.push(makeMessage(runId!, 'user', `m${i}`, list.at(-1)?.id ?? null));
    await updateRun(a.db, runId!, { append: list });
    expect(await a.engine.syncNow()).toMatchObject({ ok: true });
    expect(world.server.runs.get(runId!)?.messages.size).toBe(900);
    expect(a.engine.getState().deadLetters).toEqual([]);
  });
});
