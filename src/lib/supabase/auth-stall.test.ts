// An outage that outlives the access token, on a link that heals beyond the device (the browser's
// `online` event never fires): while it lasts no sync call goes out without the user's token, and once
// it heals the engine renews the session and pushes within seconds, not after supabase-js's minute.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type PromptRunsDB } from '@sync/db';
import { createDeviceClock, newId } from '@sync/clock';
import { createPrompt } from '@sync/store/prompts';
import { countPending } from '@sync/store/outbox';
import { createFetchTransport } from '@sync/engine/fetch-transport';
import { manualEnvironment } from '@sync/engine/environment';
import { createSyncEngine, type EngineTimers, type SyncEngine } from '@sync/engine/sync-engine';
import { authStorageKey, removeShared, writeShared } from './shared-auth-store';
import { createSyncSessionSource } from './stored-session';
import { CONFIG, NOW, createFakeBackend } from '@/test/fake-sync-backend';

let db: PromptRunsDB;
let engine: SyncEngine | null = null;
beforeEach(async () => {
  await removeShared(authStorageKey(CONFIG.supabaseUrl));
  await writeShared('runtime-config', JSON.stringify(CONFIG));
});
afterEach(async () => {
  engine?.stop();
  db.close();
  await db.delete();
});

describe('sync after an outage that outlives the token', () => {
  it('sends nothing without a token meanwhile, and renews and pushes within 5 s of the network healing', async () => {
    const userId = newId();
    db = openDatabase(userId);
    const backend = createFakeBackend(userId);
    let now = NOW;
    const pending: Array<{ fn: () => void; at: number }> = [];
    const timers: EngineTimers = {
      setTimeout: (fn, ms) => {
        const handle = { fn, at: now + ms };
        pending.push(handle);
        return handle;
      },
      clearTimeout: (h) => void pending.splice(pending.indexOf(h as (typeof pending)[number]), 1),
    };
    /** Move time to the next timer and fire it; how long that was. */
    const fireNext = async () => {
      pending.sort((a, b) => a.at - b.at);
      const next = pending.shift()!;
      const waited = next.at - now;
      now = next.at;
      next.fn();
      // The attempt it started has ended once the engine is idle with its next timer set.
      await vi.waitFor(() => expect(!engine!.getState().syncing && pending.length > 0).toBe(true), { timeout: 15_000, interval: 5 });
      return waited;
    };
    // A token that lives one minute from now.
    await writeShared(authStorageKey(CONFIG.supabaseUrl), JSON.stringify(backend.state.issue(Math.round(NOW / 1000) + 60)));
    const bearers: string[] = [];
    const fetchFn: typeof fetch = async (input, init) => {
      if (String(input).includes('/rest/v1/rpc/')) bearers.push(new Headers(init?.headers).get('authorization') ?? '');
      return backend.fetchFn(input, init);
    };
    const session = createSyncSessionSource({ config: CONFIG, fetch: fetchFn, locks: undefined, now: () => now });
    engine = createSyncEngine({
      db,
      transport: createFetchTransport({ supabaseUrl: CONFIG.supabaseUrl, anonKey: CONFIG.supabaseAnonKey, accessToken: session.accessToken, fetch: fetchFn, now: () => now }),
      auth: session,
      clock: createDeviceClock(() => now),
      timers,
      random: () => 0.9,
      environment: manualEnvironment(true), // the browser never notices the outage
      watchDatabase: false,
    });

    backend.state.offline = true;
    await createPrompt(db, { name: 'Written during the outage' });
    engine.start();
    await expect.poll(() => engine!.getState().error?.kind, { timeout: 15_000 }).toBe('network');
    // Three minutes down: the token expires on the way; attempts keep coming, never more than 5 s apart.
    const waits: number[] = [];
    while (now - NOW < 180_000) waits.push(await fireNext());
    expect(Math.max(...waits)).toBeLessThanOrEqual(5_000);
    expect(await countPending(db)).toBe(1);

    backend.state.offline = false;
    const healedAt = now;
    while ((await countPending(db)) > 0 && now - healedAt < 60_000) await fireNext();
    expect(await countPending(db)).toBe(0);
    expect(now - healedAt).toBeLessThanOrEqual(5_000);
    expect(backend.state.refreshCalls).toBe(1);
    // Every sync call that went out carried a user's token, never the anon key or none.
    expect(bearers.length).toBeGreaterThan(0);
    expect(bearers.every((b) => /^Bearer at-\d+$/.test(b))).toBe(true);
    expect(backend.state.server.prompts.size).toBe(1);
  });
});
