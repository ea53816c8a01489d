// The service worker's push with the app closed: the real device database (fake-indexeddb), the real
// shared session store, and a fake GoTrue + PostgREST behind `fetch` over the fake sync server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type PromptRunsDB } from '@sync/db';
import { newId } from '@sync/clock';
import { createPrompt } from '@sync/store/prompts';
import { countPending } from '@sync/store/outbox';
import { listDeadLetters } from '@sync/engine/dead-letters';
import { authStorageKey, readShared, removeShared, writeShared } from '@/lib/supabase/shared-auth-store';
import { loadRuntimeConfig } from '@/lib/supabase/runtime-config';
import { syncLeaderLock } from '@sync/engine/leader';
import { BackgroundFlushError, flushOutboxInBackground } from './background-flush';
import { parseStoredSession, refreshStoredSession } from '@/lib/supabase/stored-session';
import { CONFIG, NOW, createFakeBackend, createLocks } from '@/test/fake-sync-backend';

let userId: string;
let db: PromptRunsDB;
let backend: ReturnType<typeof createFakeBackend>;

async function signIn(expiresAt = Math.round(NOW / 1000) + 3600, { writeConfig = true } = {}) {
  const session = backend.state.issue(expiresAt);
  if (writeConfig) await writeShared('runtime-config', JSON.stringify(CONFIG));
  await writeShared(authStorageKey(CONFIG.supabaseUrl), JSON.stringify(session));
  return session;
}

async function storedSession() {
  return parseStoredSession(await readShared(authStorageKey(CONFIG.supabaseUrl)));
}

function flush(locks = createLocks()) {
  return flushOutboxInBackground({ fetch: backend.fetchFn, locks, now: () => NOW });
}

async function queuePrompt(name: string) {
  const created = await createPrompt(db, { name });
  if (!created.ok) throw created.error;
  return created.value;
}

beforeEach(async () => {
  await removeShared('runtime-config');
  await removeShared(authStorageKey(CONFIG.supabaseUrl));
  userId = newId();
  db = openDatabase(userId);
  backend = createFakeBackend(userId);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('Background Sync with the app closed', () => {
  it('pushes the signed-in user’s outbox and acknowledges every entry', async () => {
    await signIn();
    const a = await queuePrompt('Summarise');
    const b = await queuePrompt('Translate');
    expect(await flush()).toEqual({ kind: 'pushed', pushed: 2, rejected: 0 });
    expect([...backend.state.server.prompts.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(await countPending(db)).toBe(0);
    expect(backend.state.refreshCalls).toBe(0);
  });

  it('refreshes an expired token once, stores the rotated session and uses it next time', async () => {
    const old = await signIn(Math.round(NOW / 1000) - 60);
    await queuePrompt('Summarise');
    expect(await flush()).toMatchObject({ kind: 'pushed', pushed: 1 });
    expect(backend.state.refreshCalls).toBe(1);
    const rotated = await storedSession();
    expect(rotated?.refresh_token).not.toBe(old.refresh_token);
    expect(rotated?.expires_at).toBe(Math.round(NOW / 1000) + 3600);
    expect(rotated?.user.id).toBe(userId);

    await queuePrompt('Translate');
    expect(await flush()).toMatchObject({ kind: 'pushed', pushed: 1 });
    expect(backend.state.refreshCalls).toBe(1);
    expect(backend.state.server.prompts.size).toBe(2);
  });

  it('refreshes after a 401 from a token the server no longer accepts, then pushes', async () => {
    await signIn();
    backend.state.revokeAccessTokens();
    await queuePrompt('Summarise');
    expect(await flush()).toMatchObject({ kind: 'pushed', pushed: 1 });
    expect(backend.state.refreshCalls).toBe(1);
    expect(await countPending(db)).toBe(0);
  });

  it('never sends a refresh token a tab already rotated', async () => {
    const stale = await signIn(Math.round(NOW / 1000) - 60);
    // A tab refreshed in the meantime (under the same lock) and stored its new session.
    const fresh = backend.state.issue(Math.round(NOW / 1000) + 3600);
    await writeShared(authStorageKey(CONFIG.supabaseUrl), JSON.stringify(fresh));
    const locks = createLocks();
    const session = await refreshStoredSession({ config: CONFIG, fetch: backend.fetchFn, locks, now: () => NOW }, parseStoredSession(JSON.stringify(stale))!);
    expect(session?.refresh_token).toBe(fresh.refresh_token);
    expect(backend.state.usedRefreshTokens).toEqual([]);
    expect(locks.requested).toEqual([`lock:${authStorageKey(CONFIG.supabaseUrl)}`]);
  });

  it('keeps the session a tab stored while the worker was refreshing (commit guard)', async () => {
    const stale = await signIn(Math.round(NOW / 1000) - 60);
    let tabs: { refresh_token: string } | null = null;
    const racingFetch: typeof fetch = async (input, init) => {
      const answer = await backend.fetchFn(input, init);
      tabs = backend.state.issue(Math.round(NOW / 1000) + 3600); // a tab signed in again meanwhile
      await writeShared(authStorageKey(CONFIG.supabaseUrl), JSON.stringify(tabs));
      return answer;
    };
    const session = await refreshStoredSession({ config: CONFIG, fetch: racingFetch, locks: createLocks(), now: () => NOW }, parseStoredSession(JSON.stringify(stale))!);
    expect(tabs).not.toBeNull();
    expect(session?.refresh_token).toBe(tabs!.refresh_token);
    expect((await storedSession())?.refresh_token).toBe(tabs!.refresh_token);
  });

  it('rejects while the network is down, keeps the outbox, and pushes it once on the retry', async () => {
    await signIn();
    await queuePrompt('Summarise');
    backend.state.offline = true;
    await expect(flush()).rejects.toBeInstanceOf(BackgroundFlushError);
    expect(await countPending(db)).toBe(1);
    backend.state.offline = false;
    expect(await flush()).toMatchObject({ kind: 'pushed', pushed: 1 });
    expect(backend.state.server.appliedCount).toBe(2); // the prompt and its first version, once
    expect(await countPending(db)).toBe(0);
  });

  it('rejects (to be retried) when the refresh cannot reach the auth server', async () => {
    await signIn(Math.round(NOW / 1000) - 60);
    await queuePrompt('Summarise');
    backend.state.offline = true;
    await expect(flush()).rejects.toThrow(/session could not be renewed/);
    expect(await countPending(db)).toBe(1);
    expect((await storedSession())?.refresh_token).toBeDefined();
  });

  it('puts a change the server refuses outright into dead letters and pushes the rest', async () => {
    await signIn();
    const bad = await queuePrompt('Refused');
    await queuePrompt('Fine');
    backend.state.refuseChangeId = bad.id;
    expect(await flush()).toEqual({ kind: 'pushed', pushed: 1, rejected: 1 });
    const dead = await listDeadLetters(db);
    expect(dead.map((d) => [d.code, d.change?.id])).toEqual([['23514', bad.id]]);
    expect(await countPending(db)).toBe(0);
  });

  it('does nothing when signed out, or when the refresh token was refused', async () => {
    await writeShared('runtime-config', JSON.stringify(CONFIG));
    await queuePrompt('Local only');
    expect(await flush()).toEqual({ kind: 'signed-out' });
    expect(backend.state.pushCalls + backend.state.refreshCalls).toBe(0);

    const session = await signIn(Math.round(NOW / 1000) - 60);
    await writeShared(authStorageKey(CONFIG.supabaseUrl), JSON.stringify({ ...session, refresh_token: 'revoked' }));
    expect(await flush()).toEqual({ kind: 'signed-out' });
    expect(backend.state.pushCalls).toBe(0);
    expect(await countPending(db)).toBe(1);
  });

  it('leaves the push to the tab that leads sync', async () => {
    await signIn();
    await queuePrompt('Summarise');
    const locks = createLocks(new Set([syncLeaderLock(userId)]));
    expect(await flush(locks)).toEqual({ kind: 'page-leads' });
    expect(backend.state.pushCalls).toBe(0);
    expect(await countPending(db)).toBe(1);
  });

  it('finds the sync settings the app loaded last', async () => {
    await loadRuntimeConfig(async () => new Response(JSON.stringify(CONFIG), { headers: { 'content-type': 'application/json' } }));
    await signIn(undefined, { writeConfig: false });
    await queuePrompt('Summarise');
    // The copy is written in the background (app start does not wait for it); until then nothing is pushed.
    await expect.poll(() => flush()).toMatchObject({ kind: 'pushed', pushed: 1 });
    // A build without /config.json: local-only, and the worker pushes nothing either.
    await loadRuntimeConfig(async () => new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } }));
    await queuePrompt('Translate');
    await expect.poll(() => flush()).toEqual({ kind: 'not-configured' });
  });
});
