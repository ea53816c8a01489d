import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPrompt } from '../store/prompts';
import { createRun } from '../store/runs';
import { createTestWorld, type TestWorld } from './test-world';
import { QUIET_WRITE_DELAY_MS, type EngineTimers } from './sync-engine';

/** vi.waitFor with room for a loaded machine (the default gives up after 1 s). */
const eventually = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 15_000, interval: 20 });

let world: TestWorld;
afterEach(async () => world?.dispose());

/** Timers that fire only when the test says so, at the world's clock. */
function manualTimers() {
  const pending: Array<{ fn: () => void; ms: number }> = [];
  const timers: EngineTimers & { pending: typeof pending; only(ms: number): Promise<void>; fireNext(): number } = {
    pending,
    setTimeout(fn, ms) {
      const handle = { fn, ms };
      pending.push(handle);
      return handle;
    },
    clearTimeout(handle) {
      const i = pending.indexOf(handle as (typeof pending)[number]);
      if (i >= 0) pending.splice(i, 1);
    },
    /** Wait until a timer of `ms` is armed, and drop every other (the poll's, the retry's). */
    async only(ms: number) {
      await eventually(() => expect(pending.some((t) => t.ms === ms)).toBe(true));
      pending.splice(0, pending.length, ...pending.filter((t) => t.ms === ms));
    },
    /** Advance the clock to the earliest timer and run it; returns its delay. */
    fireNext() {
      pending.sort((a, b) => a.ms - b.ms);
      const next = pending.shift();
      if (!next) throw new Error('no timer pending');
      world.advance(next.ms);
      next.fn();
      return next.ms;
    },
  };
  return timers;
}

async function queueRun(db: Parameters<typeof createPrompt>[0]) {
  const prompt = await createPrompt(db, { name: 'p' });
  if (!prompt.ok) throw prompt.error;
  const run = await createRun(db, prompt.value.id, { variable_values: {}, settings: prompt.value.settings });
  if (!run.ok) throw run.error;
  return run.value;
}

const pushes = (sent: ReadonlyArray<{ op: string }>) => sent.filter((s) => s.op === 'push').length;

describe('sync scheduling', () => {
  it('honours Retry-After: nothing is sent before it, whatever the trigger', async () => {
    world = createTestWorld(11);
    const timers = manualTimers();
    const a = world.addDevice('a', {}, { timers });
    a.transport.retryAfterMs = 45_000;
    a.transport.queueFaults('rateLimit');
    const run = await queueRun(a.db);
    a.engine.start();
    await eventually(() => expect(a.engine.getState().error?.message).toBe('Too Many Requests'));
    await eventually(() => expect(a.engine.getState().syncing).toBe(false));
    expect(timers.pending.map((t) => t.ms)).toEqual([45_000]);
    a.env.becomeVisible();
    a.env.setOnline(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(pushes(a.transport.sent)).toBe(1);
    timers.fireNext();
    await eventually(() => expect(world.server.runs.has(run.id)).toBe(true));
    await eventually(() => expect(a.engine.getState().error).toBeNull());
  });

  it('backs off exponentially with full jitter up to about a minute, and never gives up', async () => {
    world = createTestWorld(12);
    const timers = manualTimers();
    const a = world.addDevice('a', { serverError: 1 }, { timers });
    await queueRun(a.db);
    a.engine.start();
    const delays: number[] = [];
    for (let i = 0; i < 14; i += 1) {
      await eventually(() => expect(a.engine.getState().syncing).toBe(false));
      await eventually(() => expect(timers.pending).toHaveLength(1));
      delays.push(timers.fireNext());
    }
    delays.forEach((d, i) => expect(d).toBeLessThanOrEqual(Math.min(60_000, 1_000 * 2 ** i)));
    expect(Math.max(...delays.slice(8))).toBeGreaterThan(10_000); // grown well past the first retries
    expect(new Set(delays).size).toBeGreaterThan(10); // jittered, not a fixed ladder
    a.transport.setRates({});
    await eventually(() => expect(timers.pending).toHaveLength(1));
    timers.fireNext();
    await eventually(() => expect(a.engine.getState()).toMatchObject({ pending: 0, error: null }));
  });

  it('pushes a new local write on its own, and waits for `online` while offline', async () => {
    world = createTestWorld(13);
    const timers = manualTimers();
    const a = world.addDevice('a', {}, { timers, watchDatabase: true });
    a.engine.start();
    await eventually(() => expect(a.engine.getState().lastSyncedAt).not.toBeNull());
    const run = await queueRun(a.db);
    // The live query notices the outbox grew and arms the local-change timer: short after a quiet spell.
    await timers.only(QUIET_WRITE_DELAY_MS);
    timers.fireNext();
    await eventually(() => expect(world.server.runs.has(run.id)).toBe(true));
    await eventually(() => expect(a.engine.getState()).toMatchObject({ syncing: false, pending: 0 }));

    a.env.setOnline(false);
    a.transport.setOnline(false);
    // Written right after the last push: gathered for 500 ms.
    const offlineRun = await queueRun(a.db);
    await timers.only(500);
    const pushesBefore = pushes(a.transport.sent);
    timers.fireNext();
    await eventually(() => expect(a.engine.getState()).toMatchObject({ online: false, pending: 2 }));
    expect(pushes(a.transport.sent)).toBe(pushesBefore); // offline: nothing was attempted
    a.transport.setOnline(true);
    a.env.setOnline(true);
    await eventually(() => expect(world.server.runs.has(offlineRun.id)).toBe(true));
    await eventually(() => expect(a.engine.getState()).toMatchObject({ online: true, pending: 0 }));
  });

  it('pushes a write after a quiet spell at once, and gathers the writes that follow it for 500 ms', async () => {
    world = createTestWorld(14);
    const timers = manualTimers();
    const a = world.addDevice('a', {}, { timers, watchDatabase: true });
    a.engine.start();
    await eventually(() => expect(a.engine.getState().lastSyncedAt).not.toBeNull());

    const first = await queueRun(a.db);
    await timers.only(QUIET_WRITE_DELAY_MS);
    timers.fireNext();
    await eventually(() => expect(world.server.runs.has(first.id)).toBe(true));
    await eventually(() => expect(a.engine.getState()).toMatchObject({ syncing: false, pending: 0 }));

    world.advance(100); // the next write of a burst
    const second = await queueRun(a.db);
    await timers.only(500);
    timers.fireNext();
    await eventually(() => expect(world.server.runs.has(second.id)).toBe(true));
    await eventually(() => expect(a.engine.getState()).toMatchObject({ syncing: false, pending: 0 }));

    world.advance(2_000); // quiet again
    const third = await queueRun(a.db);
    await timers.only(QUIET_WRITE_DELAY_MS);
    timers.fireNext();
    await eventually(() => expect(world.server.runs.has(third.id)).toBe(true));
  });
});
