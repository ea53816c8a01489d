// The sync state reads the whole outbox (what waits, the oldest change, the runs and prompts involved).
// After an import that is ~100,000 entries, and every import batch and every ack asks for a fresh read:
// reads are paged requests (not a cursor's round trip per entry), and a burst of asks costs two reads.
import { describe, expect, it } from 'vitest';
import { newId } from '../clock';
import { PromptRunsDB } from '../db';
import { saveLongRun } from '../test-support';
import { oneAtATime, readSyncState } from './sync-state';
import { createTestWorld, heldPerTest } from './test-world';

const held = heldPerTest();

describe('sync state', () => {
  it('counts every entry of an outbox longer than a page', async () => {
    const db = (held.db = new PromptRunsDB(`sync-state-${newId()}`));
    await saveLongRun(db, 30);
    await saveLongRun(db, 30);
    const state = await readSyncState(db, 7);
    expect(state.pending).toBe(await db.outbox.where('table').noneOf(['promptVersions', 'runVersions']).count());
    expect(state.pending).toBeGreaterThan(60);
    expect(state.pendingItems).toEqual({ runs: 2, prompts: 2 });
    expect(state.oldestPendingAt).toBe((await db.outbox.toArray()).map((e) => e.queuedAt).sort()[0]);
  });

  it('a burst of refreshes reads the state twice, and each caller gets a read begun after its call', async () => {
    const a = (held.world = createTestWorld(5)).addDevice('a');
    let reads = 0;
    // A read of the whole outbox: pages (limit) now, a cursor (each) before.
    const limit = a.db.outbox.limit.bind(a.db.outbox);
    const each = a.db.outbox.each.bind(a.db.outbox);
    a.db.outbox.limit = (n: number) => ((reads += 1), limit(n));
    a.db.outbox.each = ((visit: Parameters<typeof each>[0]) => ((reads += 1), each(visit))) as typeof each;
    await saveLongRun(a.db, 2);
    await Promise.all(Array.from({ length: 20 }, () => a.engine.refreshState()));
    expect(reads).toBeLessThanOrEqual(2);
    expect(a.engine.getState().pending).toBe(await a.db.outbox.where('table').noneOf(['promptVersions', 'runVersions']).count());
  });

  it('oneAtATime: a call made during a run gets a run that starts after it', async () => {
    const starts: number[] = [];
    let clock = 0;
    const run = oneAtATime(async () => {
      starts.push(clock);
      await new Promise((r) => setTimeout(r, 5));
    });
    const first = run();
    clock = 1;
    const second = run();
    const third = run();
    expect(second).toBe(third);
    await Promise.all([first, second]);
    expect(starts).toEqual([0, 1]);
  });

  it('oneAtATime: a run that fails does not stop the calls made during it, nor later ones, from running', async () => {
    let runs = 0;
    const run = oneAtATime(async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 5));
      if (runs === 1) throw new Error('first read failed');
    });
    const first = run();
    const during = run();
    await expect(first).rejects.toThrow('first read failed');
    await during;
    expect(runs).toBe(2);
    // A later burst while a run goes: it shares a fresh run, not a settled one from before.
    const again = run();
    const burst = run();
    await Promise.all([again, burst]);
    expect(runs).toBe(4);
  });
});
