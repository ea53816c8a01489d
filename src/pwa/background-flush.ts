// Background Sync with the app closed: the service worker pushes the signed-in user's outbox itself, with
// the engine's own pieces (push-outbox.ts) over a fetch transport, and the session the page's supabase-js
// keeps in the shared store. It runs only while it holds the sync leader's Web Lock, so no tab's engine
// pushes at the same time; when a tab holds it, that tab leads and the worker asks it to flush instead.
import { openDatabase, type PromptRunsDB } from '@sync/db';
import { countPending } from '@sync/store/outbox';
import { createFetchTransport } from '@sync/engine/fetch-transport';
import { pushOutbox } from '@sync/engine/push-outbox';
import type { TransportFailure } from '@sync/engine/transport';
import { readSharedConfig } from '@/lib/supabase/shared-config';
import { syncLeaderLock } from '@sync/engine/leader';
import { createSyncSessionSource, readStoredSession, type LockManagerLike } from '@/lib/supabase/stored-session';

export type BackgroundFlushResult =
  | { kind: 'not-configured' }
  | { kind: 'signed-out' }
  /** A tab holds the sync leader's lock: its engine pushes (the worker asks it to). */
  | { kind: 'page-leads' }
  | { kind: 'pushed'; pushed: number; rejected: number }
  /** The server no longer speaks this app's protocol: nothing is retried; the next open offers the update. */
  | { kind: 'outdated' };

export interface BackgroundFlushDeps {
  fetch: typeof fetch;
  locks: LockManagerLike | undefined;
  now(): number;
  openDatabase?(userId: string): PromptRunsDB;
}

/** The push failed in a way worth retrying (network, server, timeout): the sync event should reject. */
export class BackgroundFlushError extends Error {
  constructor(readonly failure: TransportFailure | { kind: 'auth'; message: string }) {
    super(`Background sync failed (${failure.kind}): ${failure.message}`);
  }
}

/** Push the outbox now if this worker may; throws BackgroundFlushError when the browser should retry. */
export async function flushOutboxInBackground(deps: BackgroundFlushDeps): Promise<BackgroundFlushResult> {
  const config = await readSharedConfig();
  if (!config) return { kind: 'not-configured' };
  const first = await readStoredSession(config);
  if (!first) return { kind: 'signed-out' };
  const userId = first.user.id;

  const flush = async (): Promise<BackgroundFlushResult> => {
    const db = (deps.openDatabase ?? openDatabase)(userId);
    try {
      // An in-flight batch's entries stay in the outbox until acknowledged, so this counts them too.
      if ((await countPending(db)) === 0) return { kind: 'pushed', pushed: 0, rejected: 0 };
      // The same session source and transport as the page: an expired token is renewed before any call.
      const session = createSyncSessionSource({ ...deps, config });
      const transport = createFetchTransport({ supabaseUrl: config.supabaseUrl, anonKey: config.supabaseAnonKey, accessToken: session.accessToken, fetch: deps.fetch, now: deps.now });
      const result = await pushOutbox(db, transport, { auth: session, now: deps.now });
      if (result.ok) return { kind: 'pushed', pushed: result.pushed, rejected: result.rejected };
      // Still unauthorized after a refresh: the session is gone (the page signs out properly at its next open).
      if (result.failure.kind === 'unauthorized') return { kind: 'signed-out' };
      if (result.failure.kind === 'outdated') return { kind: 'outdated' };
      throw new BackgroundFlushError(result.failure);
    } finally {
      db.close();
    }
  };

  if (!deps.locks) return flush();
  // ifAvailable: a tab that holds the lock keeps it (its engine is running); we never queue behind it.
  return deps.locks.request(syncLeaderLock(userId), { ifAvailable: true }, async (lock) => (lock ? flush() : { kind: 'page-leads' as const }));
}
