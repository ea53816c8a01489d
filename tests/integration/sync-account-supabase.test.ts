// The account controller with its real supabase-js backend against the local stand-in (GoTrue and
// PostgREST subsets over a throwaway PostgreSQL): sign-up, upload, the server's error wording, sign-out
// and sign-in again. Node 20 lacks WebSocket (supabase-js builds a Realtime client), so `ws` stands in;
// without localStorage supabase-js keeps the session in memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import ws from 'ws';
import { startLocalSupabase, type LocalSupabase } from '../../supabase/local/server';
import { PromptRunsDB } from '@sync/db';
import { newId } from '@sync/clock';
import { createPrompt } from '@sync/store/prompts';
import { transportFor } from '../support/supabase-sync-transport';
import { createAccountController, type AccountController } from '@/lib/account/account-controller';
import { createSupabaseAuthBackend } from '@/lib/supabase/auth-backend';

let local: LocalSupabase;
const controllers: AccountController[] = [];

beforeAll(async () => {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= ws;
  local = await startLocalSupabase({ port: 0, jwtSecret: 'a-test-secret-that-is-at-least-32-characters' });
}, 120_000);
afterAll(async () => {
  for (const c of controllers) c.store.getState().engine?.stop();
  await local?.close();
});

function deviceController(): AccountController {
  const suffix = newId();
  const controller = createAccountController({
    loadConfig: async () => ({ mode: 'sync', config: { supabaseUrl: local.url, supabaseAnonKey: local.anonKey } }),
    createBackend: createSupabaseAuthBackend,
    openDatabase: (userId) => new PromptRunsDB(`account-it-${userId ?? 'local'}-${suffix}`),
  });
  controllers.push(controller);
  return controller;
}

describe('accounts against the local Supabase stand-in', () => {
  it('signs up, uploads what was made, signs out and back in to the same data', async () => {
    const email = `ada-${newId()}@example.test`;
    const controller = deviceController();
    await controller.start();
    expect(controller.store.getState().phase).toBe('signed-out');
    await controller.signUp(email, 'secret-pass-1');
    const state = controller.store.getState();
    expect(state.error).toBeNull();
    expect(state.phase).toBe('signed-in');
    const prompt = await createPrompt(state.db, { name: 'Uploaded through the controller' });
    if (!prompt.ok) throw prompt.error;
    expect(await controller.flush()).toBe(0);

    // The server has it: read back with a separate client of the same account.
    const other = createClient(local.url, local.anonKey, { auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: ws as never } });
    await other.auth.signInWithPassword({ email, password: 'secret-pass-1' });
    const pulled = await transportFor(other, local).pull({ since: null, max_rows: 100 });
    expect(pulled.kind === 'ok' && pulled.value.prompts.map((p) => p.name)).toContain('Uploaded through the controller');

    await controller.signOut();
    expect(controller.store.getState().phase).toBe('signed-out');
    await controller.signIn(email, 'wrong-password');
    expect(controller.store.getState().error).toBe('That email and password do not match an account.');
    await controller.signIn(email, 'secret-pass-1');
    expect(controller.store.getState().phase).toBe('signed-in');
    expect((await controller.store.getState().db.prompts.get(prompt.value.id))?.name).toBe('Uploaded through the controller');
  }, 60_000);

  it('explains a second sign-up with the same address', async () => {
    const email = `bo-${newId()}@example.test`;
    const first = deviceController();
    await first.start();
    await first.signUp(email, 'secret-pass-1');
    await first.signOut();
    await first.signUp(email, 'secret-pass-1');
    expect(first.store.getState().error).toBe('An account with this email already exists: sign in instead.');
  }, 60_000);
});
