// @vitest-environment jsdom
// Opening the installed app offline: the signed-in person keeps their own data, not the signed-out database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrompt } from '@sync/store/prompts';
import { loadRuntimeConfig } from '@/lib/supabase/runtime-config';
import { createFakeAccount } from '@/test/fake-account';

beforeEach(() => localStorage.clear());
afterEach(() => localStorage.clear());

describe('starting offline', () => {
  it('uses the last good /config.json when it cannot be fetched, and none after the server dropped it', async () => {
    const good = { supabaseUrl: 'http://127.0.0.1:54321', supabaseAnonKey: 'k' };
    await loadRuntimeConfig(async () => new Response(JSON.stringify(good), { headers: { 'content-type': 'application/json' } }));
    expect(await loadRuntimeConfig(async () => { throw new TypeError('Failed to fetch'); })).toEqual({ mode: 'sync', config: good });
    // A static host answering with the app's HTML means "no sync server", not a broken file.
    expect(await loadRuntimeConfig(async () => new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } }))).toMatchObject({ mode: 'local-only', reason: expect.stringMatching(/no sync server/) });
    expect(await loadRuntimeConfig(async () => { throw new TypeError('Failed to fetch'); })).toMatchObject({ mode: 'local-only', reason: expect.stringMatching(/no connection .*reload the app once online/) });
  });

  it('opens the last signed-in user’s database when the session cannot be checked', async () => {
    const first = createFakeAccount();
    await first.controller.start();
    await first.controller.signUp('ada@example.com', 'secret123');
    const adaDb = first.controller.store.getState().db;
    await createPrompt(adaDb, { name: 'Ada’s prompt' });
    first.controller.store.getState().engine?.stop();

    // Next launch, offline: same device (same storage), the auth server is unreachable.
    const next = createFakeAccount();
    next.setReachable(false);
    await next.controller.start();
    const state = next.controller.store.getState();
    expect(state.phase).toBe('signed-in');
    expect(state.user?.email).toBe('ada@example.com');
    expect(state.db.name).toContain(state.user!.id);
    state.engine?.stop();
  });

  it('opens the last signed-in user’s database within seconds while the session check is still retrying, and closes it if the check then finds no session', async () => {
    const first = createFakeAccount();
    await first.controller.start();
    await first.controller.signUp('ada@example.com', 'secret123');
    const ada = first.controller.store.getState().user!;
    first.controller.store.getState().engine?.stop();

    const next = createFakeAccount();
    const answer = next.holdSessionCheck();
    const startedAt = Date.now();
    await next.controller.start();
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(next.controller.store.getState()).toMatchObject({ phase: 'signed-in', user: ada });
    answer(null);
    await expect.poll(() => next.controller.store.getState().phase).toBe('signed-out');
    expect(next.controller.store.getState().notice).toMatch(/signed out/);
  });

  it('forgets the user on sign-out, so an offline start then shows the signed-out database', async () => {
    const fake = createFakeAccount();
    await fake.controller.start();
    await fake.controller.signUp('ada@example.com', 'secret123');
    await fake.controller.signOut();
    const next = createFakeAccount();
    next.setReachable(false);
    await next.controller.start();
    expect(next.controller.store.getState().phase).toBe('signed-out');
  });
});
