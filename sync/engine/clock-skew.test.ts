import { afterEach, describe, expect, it } from 'vitest';
import { getClockOffset, nowIso } from '../clock';
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
    expect(getClockOffset()).toBe(fast);
    const prompt = await createPrompt(a.db, { name: 'stamped' });
    expect(prompt.ok && Date.parse(prompt.value.field_updated_at.name!)).toBe(world.now() + fast);
    expect(nowIso()).toBe(new Date(world.now() + fast).toISOString());
  });
});
