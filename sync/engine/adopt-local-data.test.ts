import { afterEach, describe, expect, it } from 'vitest';
import { createPrompt } from '../store/prompts';
import { createRun, getRun } from '../store/runs';
import { makeMessage } from '../test-support';
import { adoptLocalData } from './adopt-local-data';
import { createTestWorld, type TestWorld } from './test-world';

let world: TestWorld;
afterEach(async () => world?.dispose());

describe('adoptLocalData', () => {
  it('moves signed-out runs into the user database, uploads them, and empties the signed-out database', async () => {
    world = createTestWorld(21);
    const signedOut = world.addDevice('local');
    const user = world.addDevice('user');
    const prompt = await createPrompt(signedOut.db, { name: 'Made before sign-in' });
    if (!prompt.ok) throw prompt.error;
    const first = makeMessage('x', 'user', 'hello', null);
    const run = await createRun(signedOut.db, prompt.value.id, { variable_values: {}, settings: prompt.value.settings, messages: [first] });
    if (!run.ok) throw run.error;

    const counts = await adoptLocalData(signedOut.db, user.db, 'user-1');
    expect(counts).toEqual({ prompts: 1, runs: 1, messages: 1 });
    const adopted = await getRun(user.db, run.value.id);
    expect(adopted?.run.user_id).toBe('user-1');
    expect(adopted?.messages.map((m) => m.content)).toEqual(['hello']);
    expect(await signedOut.db.runs.count()).toBe(0);
    expect(await signedOut.db.outbox.count()).toBe(0);

    expect(await user.engine.syncNow()).toMatchObject({ ok: true });
    expect(world.server.runs.get(run.value.id)?.messages.size).toBe(1);
    expect(world.server.prompts.get(prompt.value.id)?.row.name).toBe('Made before sign-in');
  });

  it('is safe to repeat after a crash: rows the user database has are not duplicated or overwritten', async () => {
    world = createTestWorld(22);
    const signedOut = world.addDevice('local');
    const user = world.addDevice('user');
    const prompt = await createPrompt(signedOut.db, { name: 'Shared id' });
    if (!prompt.ok) throw prompt.error;
    await user.db.prompts.add({ ...prompt.value, name: 'Already in the account' });
    const counts = await adoptLocalData(signedOut.db, user.db, 'user-1');
    expect(counts.prompts).toBe(0);
    expect((await user.db.prompts.get(prompt.value.id))?.name).toBe('Already in the account');
  });
});
