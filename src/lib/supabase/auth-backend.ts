// The account port the controller uses, and its supabase-js implementation (email and password).
// supabase-js stays behind this file for sign-in; sync goes through the fetch transport with the session
// read from the shared store. Components never import either.
import { createClient, isAuthRetryableFetchError, type SupabaseClient } from '@supabase/supabase-js';
import type { AuthPort } from '@sync/engine/sync-engine';
import type { SyncTransport } from '@sync/engine/transport';
import { createFetchTransport } from '@sync/engine/fetch-transport';
import { createFetchSnapshotTransport, type SnapshotTransport } from '@sync/snapshot/snapshot-transport';
import { createAuthRateGate, type AuthRateGate } from './auth-rate-gate';
import { watchSyncNotices } from './remote-changes';
import type { RuntimeConfig } from './runtime-config';
import { createSharedAuthStorage } from './shared-auth-store';
import { createSyncSessionSource, type LockManagerLike } from './stored-session';
import type { ShareApi } from '@sync/share/share-api';
import { createFetchShareApi } from '@sync/share/fetch-share-api';
import { createFetchMembersApi, type MembersApi } from '@sync/share/members-api';
import type { ReplyStreams } from '@sync/live/reply-frame';
import { createReplyStreams } from './reply-streams';

export interface AccountUser {
  id: string;
  email: string;
}

export type AuthOutcome = { ok: true; user: AccountUser | null } | { ok: false; message: string };

export interface AuthBackend {
  /** The signed-in user; 'unreachable' when the session could not be checked (offline, server down). */
  currentUser(): Promise<AccountUser | null | 'unreachable'>;
  /** `user: null` on success means the address must be confirmed by email first. */
  signUp(email: string, password: string): Promise<AuthOutcome>;
  signIn(email: string, password: string): Promise<AuthOutcome>;
  signOut(): Promise<void>;
  /** The session ended elsewhere (another tab, refresh refused). */
  onSignedOut(listener: () => void): () => void;
  /** Where the project has Realtime: call `listener` when another device of `user` pushed. */
  watchRemoteChanges?(user: AccountUser, listener: () => void): () => void;
  transport: SyncTransport;
  /** A new device's first sync, newest runs first (sync/snapshot). */
  snapshot?: SnapshotTransport;
  auth: AuthPort;
  /** The signed-in user's share links on the server (absent: this backend cannot share). */
  shares?: ShareApi;
  /** Runs shared with people (invitations, members, "Shared with me"); absent: this backend cannot. */
  members?: MembersApi;
  /** Where the project has Realtime: replies streaming live to the user's other screens. */
  replyStreams?: ReplyStreams;
}

function toUser(user: { id: string; email?: string | null } | null | undefined): AccountUser | null {
  return user ? { id: user.id, email: user.email ?? '' } : null;
}

/** Turn GoTrue's wording into what a person can act on. */
function explain(error: { message: string; code?: string | undefined; status?: number | undefined }, waitSeconds: () => number): string {
  if (error.status === 429 || error.code === 'over_request_rate_limit') {
    const seconds = Math.max(1, waitSeconds());
    return `Too many attempts — try again in ${seconds} s.`;
  }
  if (error.code === 'invalid_credentials') return 'That email and password do not match an account.';
  if (error.code === 'user_already_exists') return 'An account with this email already exists: sign in instead.';
  if (error.code === 'weak_password') return error.message || 'Choose a longer password (at least 6 characters).';
  if (error.code === 'email_not_confirmed') return 'Confirm your email address first (see the message we sent).';
  if (!error.status) return 'Could not reach the sync server. Check your connection and try again.';
  return error.message;
}

/**
 * supabase-js remembers a failed token refresh for 60 s and answers every refresh in that time with the
 * cached failure. Refresh ticks that fire while offline would fail, so a device coming back online with
 * an expired token could not sync for up to a minute: pause the ticks while offline, resume when back.
 */
function pauseRefreshWhileOffline(client: SupabaseClient): void {
  if (typeof window === 'undefined') return;
  window.addEventListener('offline', () => void client.auth.stopAutoRefresh());
  window.addEventListener('online', () => {
    // A refresh already under way when the network dropped may have failed and been cached: the
    // failure said nothing about the session, so forget it (a private field; absent, this is a no-op).
    const auth = client.auth as unknown as { lastRefreshFailure?: unknown };
    if ('lastRefreshFailure' in auth) auth.lastRefreshFailure = null;
    void client.auth.startAutoRefresh();
  });
  if (typeof navigator !== 'undefined' && navigator.onLine === false) void client.auth.stopAutoRefresh();
}

export function createSupabaseAuthBackend(config: RuntimeConfig, gate: AuthRateGate = createAuthRateGate()): AuthBackend {
  const client: SupabaseClient = createClient(config.supabaseUrl, config.supabaseAnonKey, {
    global: { fetch: gate.fetch },
    auth: {
      persistSession: true,
      autoRefreshToken: true,
      // In IndexedDB, not localStorage, so the service worker can push the outbox with the app closed
      // (src/pwa/background-flush.ts); an older version's localStorage session moves over on first read.
      storage: createSharedAuthStorage(),
      // No `lock`: supabase-js 2.109 coordinates refreshes lock-free (single flight + a commit guard that
      // drops its result when the stored session changed meanwhile). Its legacy lock path held the lock
      // through a 30 s offline refresh retry and stalled every auth call behind it. The worker refreshes
      // only while it holds the sync leader's lock, and applies the same commit guard.
    },
  });
  pauseRefreshWhileOffline(client);
  // Sync reads and renews the session itself (stored-session.ts), over the same store supabase-js uses.
  const session = createSyncSessionSource({
    config,
    fetch: (input, init) => fetch(input, init),
    locks: (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks,
    now: () => Date.now(),
  });
  return {
    async currentUser() {
      const { data, error } = await client.auth.getSession();
      if (data.session) return toUser(data.session.user);
      return error && isAuthRetryableFetchError(error) ? 'unreachable' : null;
    },
    async signUp(email, password) {
      const { data, error } = await client.auth.signUp({ email, password });
      if (error) return { ok: false, message: explain(error, () => gate.secondsLeft('signup')) };
      return { ok: true, user: data.session ? toUser(data.user) : null };
    },
    async signIn(email, password) {
      const { data, error } = await client.auth.signInWithPassword({ email, password });
      return error ? { ok: false, message: explain(error, () => gate.secondsLeft('token')) } : { ok: true, user: toUser(data.user) };
    },
    async signOut() {
      await client.auth.signOut();
    },
    onSignedOut(listener) {
      const { data } = client.auth.onAuthStateChange((event) => {
        if (event === 'SIGNED_OUT') listener();
      });
      return () => data.subscription.unsubscribe();
    },
    ...(config.realtime
      ? {
          watchRemoteChanges(user: AccountUser, listener: () => void) {
            // A hint only: Realtime may drop events, so the engine's timer and focus pulls remain.
            return watchSyncNotices(client, user.id, listener);
          },
          replyStreams: createReplyStreams(client),
        }
      : {}),
    // The one sync transport (the service worker's too): never a call without the user's token.
    transport: createFetchTransport({ supabaseUrl: config.supabaseUrl, anonKey: config.supabaseAnonKey, accessToken: session.accessToken }),
    snapshot: createFetchSnapshotTransport({ supabaseUrl: config.supabaseUrl, anonKey: config.supabaseAnonKey, accessToken: session.accessToken }),
    auth: { refresh: session.refresh },
    shares: createFetchShareApi({ supabaseUrl: config.supabaseUrl, anonKey: config.supabaseAnonKey, accessToken: session.accessToken }),
    members: createFetchMembersApi({ supabaseUrl: config.supabaseUrl, anonKey: config.supabaseAnonKey, accessToken: session.accessToken }),
  };
}
