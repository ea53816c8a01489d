// Test fixture: an account controller over an in-memory auth backend and the fake sync server, so
// component tests exercise the real controller, databases and engine without a network.
import { PromptRunsDB } from '@sync/db';
import { newId } from '@sync/clock';
import { FakeSyncServer } from '@sync/engine/fake-server';
import { createFakeTransport, type FakeTransport } from '@sync/engine/fake-transport';
import { manualEnvironment } from '@sync/engine/environment';
import { seededRandom } from '@sync/engine/random';
import { createSyncEngine } from '@sync/engine/sync-engine';
import { createAccountController, type AccountController } from '@/lib/account/account-controller';
import type { AccountUser, AuthBackend } from '@/lib/supabase/auth-backend';

export interface FakeAccount {
  controller: AccountController;
  server: FakeSyncServer;
  transport: FakeTransport;
  env: ReturnType<typeof manualEnvironment>;
  users: Map<string, { user: AccountUser; password: string }>;
  /** Realtime stand-in: call each to simulate a sync notice from another device. */
  remoteListeners: Set<() => void>;
  /** Make the auth server unreachable (offline start). */
  setReachable(reachable: boolean): void;
  /** Keep the next session checks waiting (supabase-js retrying a refresh); call the result to answer them. */
  holdSessionCheck(): (answer: AccountUser | null | 'unreachable') => void;
}

export function createFakeAccount(options: { configured?: boolean; signedIn?: AccountUser } = {}): FakeAccount {
  const server = new FakeSyncServer({ userId: 'user-1', now: () => Date.now() });
  const transport = createFakeTransport(server, seededRandom(1));
  const env = manualEnvironment(true);
  const users = new Map<string, { user: AccountUser; password: string }>();
  let current: AccountUser | null = options.signedIn ?? null;
  const remoteListeners = new Set<() => void>();
  let reachable = true;
  let held: Promise<AccountUser | null | 'unreachable'> | null = null;
  const suffix = newId();
  const backend: AuthBackend = {
    currentUser: async () => (held ? held : reachable ? current : 'unreachable'),
    async signUp(email, password) {
      if (users.has(email)) return { ok: false, message: 'An account with this email already exists: sign in instead.' };
      const user = { id: newId(), email };
      users.set(email, { user, password });
      current = user;
      return { ok: true, user };
    },
    async signIn(email, password) {
      const found = users.get(email);
      if (!found || found.password !== password) return { ok: false, message: 'That email and password do not match an account.' };
      current = found.user;
      return { ok: true, user: found.user };
    },
    async signOut() {
      current = null;
    },
    onSignedOut: () => () => undefined,
    watchRemoteChanges: (_user, listener) => {
      remoteListeners.add(listener);
      return () => void remoteListeners.delete(listener);
    },
    transport,
    auth: { refresh: () => transport.refreshSession() },
  };
  const controller = createAccountController({
    loadConfig: async () =>
      options.configured === false
        ? { mode: 'local-only', reason: 'This copy of the app has no sync server configured.' }
        : { mode: 'sync', config: { supabaseUrl: 'http://127.0.0.1:54321', supabaseAnonKey: 'anon' } },
    createBackend: () => backend,
    openDatabase: (userId) => new PromptRunsDB(`account-test-${userId ?? 'local'}-${suffix}`),
    createEngine: (db) => createSyncEngine({ db, transport, auth: backend.auth, environment: env, watchDatabase: false, random: seededRandom(2) }),
  });
  return {
    controller, server, transport, env, users, remoteListeners,
    setReachable: (value) => {
      reachable = value;
    },
    holdSessionCheck: () => {
      let answer: (value: AccountUser | null | 'unreachable') => void = () => undefined;
      held = new Promise((resolve) => (answer = resolve));
      return (value) => {
        held = null;
        answer(value);
      };
    },
  };
}
