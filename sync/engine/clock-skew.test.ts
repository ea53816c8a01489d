import { afterEach, describe, expect, it } from 'vitest';
import { createPrompt } from '../store/prompts';
import { createTestWorld, type TestWorld } from './test-world';

let world: TestWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

describe('clock skew', () => {
  it('learns the server offset and stamps later edits with corrected time', async () => {
    const fast = 5 * 60_000; // the device clock is five minutes slow
    let serverNow = () => 0;
    world = createTestWorld(31, { now: () => serverNow() });
    const w = world;
    serverNow = () => w.now() + fast;
    const a = world.addDevice('a');
    await a.engine.syncNow();
    expect(a.clock.offset()).toBe(fast);
    const prompt = await createPrompt(a.db, { name: 'stamped' });
    expect(prompt.ok && Date.parse(prompt.value.field_updated_at.name!)).toBe(world.now() + fast);
    expect(a.clock.nowIso()).toBe(new Date(world.now() + fast).toISOString());
  });

  it('keeps each device on its own clock: one device learning its offset leaves the others alone', async () => {
    world = createTestWorld(32);
    const slow = world.addDevice('slow', {}, { skewMs: -3 * 60_000 });
    const fast = world.addDevice('fast', {}, { skewMs: 2 * 60_000 });
    await slow.engine.syncNow();
    expect(slow.clock.offset()).toBe(3 * 60_000);
    expect(fast.clock.offset()).toBe(0);
    const stamped = await createPrompt(fast.db, { name: 'from the fast device' });
    expect(stamped.ok && Date.parse(stamped.value.created_at)).toBe(world.now() + 2 * 60_000);
    await fast.engine.syncNow();
    expect(fast.clock.offset()).toBe(-2 * 60_000);
    expect(fast.clock.now()).toBe(world.now());
  });
});
