// The protocol version: every call names it, and an app older than the server (426) stops syncing, keeps
// every change queued, parks nothing, and says a new version is needed.
import { afterEach, describe, expect, it } from 'vitest';
import { createPrompt } from '../store/prompts';
import { createRun, renameRun } from '../store/runs';
import { PROTOCOL_VERSION } from '../protocol';
import { createTestWorld, type TestWorld } from './test-world';

let world: TestWorld;
afterEach(async () => world?.dispose());

describe('sync protocol version', () => {
  it('names the version on every push and pull', async () => {
    world = createTestWorld(61);
    const a = world.addDevice('a');
    await createPrompt(a.db, { name: 'p' });
    await a.engine.syncNow();
    expect(a.transport.sent.length).toBeGreaterThanOrEqual(2);
    expect(a.transport.sent.every((s) => s.req.protocol === PROTOCOL_VERSION)).toBe(true);
  });

  it('an old app against a newer server keeps every change queued, parks nothing, stops asking, and says so', async () => {
    world = createTestWorld(62);
    const a = world.addDevice('a');
    const prompt = await createPrompt(a.db, { name: 'kept' });
    if (!prompt.ok) throw prompt.error;
    await a.engine.syncNow();
    const run = await createRun(a.db, prompt.value.id, { variable_values: {}, settings: prompt.value.settings });
    if (!run.ok) throw run.error;
    await renameRun(a.db, run.value.id, 'written after the server moved on');
    world.server.protocolRange = { min: PROTOCOL_VERSION + 1, max: PROTOCOL_VERSION + 1 };
    const before = await a.db.outbox.toArray();

    expect(await a.engine.syncNow()).toMatchObject({ ok: false, failure: { kind: 'outdated', min: PROTOCOL_VERSION + 1 } });
    await a.engine.refreshState();
    expect(a.engine.getState()).toMatchObject({ needsUpdate: true, deadLetters: [], pending: before.filter((e) => !e.table.endsWith('Versions')).length, nextRetryAt: null });
    expect(await a.db.outbox.toArray()).toEqual(before);
    expect(world.server.runs.size).toBe(0);
    // Nothing more is sent until the app is reloaded: not on a retry, not on coming back online.
    const sent = a.transport.sent.length;
    await a.engine.syncNow();
    a.engine.start();
    a.env.setOnline(false);
    a.env.setOnline(true);
    a.engine.notifyLocalChange();
    await new Promise((r) => setTimeout(r, 50));
    expect(a.transport.sent.length).toBe(sent);
    a.engine.stop();

    // The reloaded app (a new engine on the same database, a server that speaks its version) sends it all.
    world.server.protocolRange = { min: 1, max: PROTOCOL_VERSION + 1 };
    const again = world.addDevice('a-again', {}, { db: a.db, clock: a.clock });
    expect(await again.engine.syncNow()).toMatchObject({ ok: true });
    expect(world.server.runs.get(run.value.id)?.row.name).toBe('written after the server moved on');
  });
});
