// A tab and the service worker never push at once: both take the same Web Lock (syncLeaderLock, in
// sync-session.ts and background-flush.ts) before pushing. A tab's engine holds it while it leads; the worker's Background Sync pushes only when it gets
// it at once, and a tab that opens while the worker pushes waits for it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type PromptRunsDB } from '@sync/db';
import { newId } from '@sync/clock';
import { createPrompt } from '@sync/store/prompts';
import { countPending } from '@sync/store/outbox';
import { createFetchTransport } from '@sync/engine/fetch-transport';
import type { SyncEngine } from '@sync/engine/sync-engine';
import { syncLeaderLock } from '@sync/engine/leader';
import { createDefaultEngine } from '@/lib/account/sync-session';
import type { AuthBackend } from '@/lib/supabase/auth-backend';
import { authStorageKey, removeShared, writeShared } from '@/lib/supabase/shared-auth-store';
import { createSyncSessionSource } from '@/lib/supabase/stored-session';
import { CONFIG, NOW, createFakeBackend, createWaitingLocks } from '@/test/fake-sync-backend';
import { flushOutboxInBackground } from './background-flush';

let userId: string;
let db: PromptRunsDB;
let backend: ReturnType<typeof createFakeBackend>;
const engines: SyncEngine[] = [];

beforeEach(async () => {
  await removeShared(authStorageKey(CONFIG.supabaseUrl));
  userId = newId();
  db = openDatabase(userId);
  backend = createFakeBackend(userId);
  await writeShared('runtime-config', JSON.stringify(CONFIG));
  await writeShared(authStorageKey(CONFIG.supabaseUrl), JSON.stringify(backend.state.issue(Math.round(NOW / 1000) + 3600)));
});
afterEach(async () => {
  for (const engine of engines.splice(0)) engine.stop();
  vi.unstubAllGlobals();
  db.close();
  await db.delete();
});

/** A tab: the app's own engine (sync-session.ts, with the browser's Web Locks), over this backend. */
function openTab(locks: ReturnType<typeof createWaitingLocks>): SyncEngine {
  vi.stubGlobal('navigator', { locks, onLine: true });
  const session = createSyncSessionSource({ config: CONFIG, fetch: backend.fetchFn, locks, now: () => NOW });
  const transport = createFetchTransport({ supabaseUrl: CONFIG.supabaseUrl, anonKey: CONFIG.supabaseAnonKey, accessToken: session.accessToken, fetch: backend.fetchFn });
  const engine = createDefaultEngine(db, { transport, auth: session } as unknown as AuthBackend, { id: userId, email: 'ada@example.com' });
  engines.push(engine);
  engine.start();
  return engine;
}

async function queue(names: string[]) {
  for (const name of names) await createPrompt(db, { name });
}

describe('the sync leader lock', () => {
  it('keeps a tab and the service worker from ever pushing at the same time', async () => {
    const locks = createWaitingLocks();
    let pushing = 0;
    let most = 0;
    backend.state.duringPush = async () => {
      pushing += 1;
      most = Math.max(most, pushing);
      await new Promise((r) => setTimeout(r, 20));
      pushing -= 1;
    };
    const worker = () => flushOutboxInBackground({ fetch: backend.fetchFn, locks, now: () => NOW });

    // A tab leads: the worker leaves the push to it, however often the browser wakes it.
    await queue(['one', 'two']);
    const tab = openTab(locks);
    const fromWorker = await Promise.all([worker(), worker(), worker()]);
    expect(fromWorker).toEqual([{ kind: 'page-leads' }, { kind: 'page-leads' }, { kind: 'page-leads' }]);
    await expect.poll(() => countPending(db), { timeout: 15_000 }).toBe(0);

    // The tab closes: it keeps the lock until the cycle it is in has ended, never pushing beside the worker.
    tab.stop();
    await expect.poll(() => locks.held.has(syncLeaderLock(userId)), { timeout: 15_000 }).toBe(false);
    // Changes made meanwhile (another tab, closed since): the worker pushes them; a tab opened then waits its turn.
    await queue(['three', 'four', 'five']);
    let nextTab: SyncEngine | null = null;
    backend.state.duringPush = async () => {
      pushing += 1;
      most = Math.max(most, pushing);
      nextTab ??= openTab(locks); // opens mid-push
      await new Promise((r) => setTimeout(r, 20));
      pushing -= 1;
    };
    expect(await worker()).toMatchObject({ kind: 'pushed', pushed: 3 });
    await queue(['six']);
    nextTab!.notifyLocalChange();
    await expect.poll(() => countPending(db), { timeout: 15_000 }).toBe(0);
    expect(nextTab!.getState().leader).toBe(true);

    expect(most).toBe(1);
    expect([...backend.state.server.prompts.values()].map((p) => p.row.name).sort()).toEqual(['five', 'four', 'one', 'six', 'three', 'two']);
  });
});
