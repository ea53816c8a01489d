import { afterEach, describe, expect, it, vi } from 'vitest';
import { PromptRunsDB } from '@sync/db';
import { newId } from '@sync/clock';
import { createPrompt } from '@sync/store/prompts';
import { createFakeTransport } from '@sync/engine/fake-transport';
import { seededRandom } from '@sync/engine/random';
import { createSyncEngine } from '@sync/engine/sync-engine';
import { manualEnvironment } from '@sync/engine/environment';
import { loadRuntimeConfig } from '@/lib/supabase/runtime-config';
import { createFakeAccount, type FakeAccount } from '@/test/fake-account';

/** vi.waitFor with room for a loaded machine (the default gives up after 1 s). */
const eventually = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 15_000, interval: 20 });

let fake: FakeAccount | null = null;
afterEach(() => {
  fake?.controller.store.getState().engine?.stop();
  fake = null;
});

const respond = (status: number, body: string) => async () => new Response(body, { status, headers: { 'content-type': 'application/json' } });

describe('loadRuntimeConfig', () => {
  it('uses the configured project', async () => {
    expect(await loadRuntimeConfig(respond(200, '{"supabaseUrl":"http://127.0.0.1:54321","supabaseAnonKey":"k"}'))).toEqual({
      mode: 'sync', config: { supabaseUrl: 'http://127.0.0.1:54321', supabaseAnonKey: 'k' },
    });
  });

  it('falls back to local-only mode, saying why, when the file is missing, broken or incomplete', async () => {
    expect(await loadRuntimeConfig(respond(404, 'not found'))).toMatchObject({ mode: 'local-only', reason: expect.stringMatching(/no sync server/) });
    expect(await loadRuntimeConfig(respond(200, '<html>'))).toMatchObject({ mode: 'local-only', reason: expect.stringMatching(/not valid JSON/) });
    expect(await loadRuntimeConfig(respond(200, '{"supabaseUrl":"nope"}'))).toMatchObject({ mode: 'local-only', reason: expect.stringMatching(/supabaseUrl, supabaseAnonKey/) });
    expect(await loadRuntimeConfig(async () => { throw new TypeError('offline'); })).toMatchObject({ mode: 'local-only' });
  });
});

describe('account controller', () => {
  it('keeps each user in their own database: a second user on the device sees none of the first', async () => {
    fake = createFakeAccount();
    await fake.controller.start();
    await fake.controller.signUp('ada@example.com', 'secret123');
    const adaDb = fake.controller.store.getState().db;
    await createPrompt(adaDb, { name: 'Ada only' });
    await fake.controller.signOut();
    await fake.controller.signUp('bob@example.com', 'secret123');
    const bobDb = fake.controller.store.getState().db;
    expect(bobDb.name).not.toBe(adaDb.name);
    expect((await bobDb.prompts.toArray()).map((p) => p.name)).not.toContain('Ada only');
  });

  it('pulls at once on a Realtime notice from another device', async () => {
    fake = createFakeAccount();
    await fake.controller.start();
    await fake.controller.signUp('ada@example.com', 'secret123');
    const engine = fake.controller.store.getState().engine!;
    await eventually(() => expect(engine.getState().lastSyncedAt).not.toBeNull());
    // Another device of the same user pushes a prompt to the server.
    const other = new PromptRunsDB(`other-${newId()}`);
    const prompt = await createPrompt(other, { name: 'From the phone' });
    if (!prompt.ok) throw prompt.error;
    const otherEngine = createSyncEngine({ db: other, transport: createFakeTransport(fake.server, seededRandom(9)), environment: manualEnvironment(true), watchDatabase: false });
    await otherEngine.syncNow();
    expect(fake.remoteListeners.size).toBe(1);
    fake.remoteListeners.forEach((notify) => notify());
    const db = fake.controller.store.getState().db;
    await eventually(async () => expect((await db.prompts.get(prompt.value.id))?.name).toBe('From the phone'));
    other.close();
  });
});
