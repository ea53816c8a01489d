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
import { expiresSoon, readStoredSession, refreshStoredSession, type LockManagerLike, type StoredSession } from './worker-session';

export type BackgroundFlushResult =
  | { kind: 'not-configured' }
  | { kind: 'signed-out' }
  /** A tab holds the sync leader's lock: its engine pushes (the worker asks it to). */
  | { kind: 'page-leads' }
  | { kind: 'pushed'; pushed: number; rejected: number };

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

/** The lock the page's engine campaigns for (src/lib/account/sync-session.ts). */
export const syncLeaderLock = (userId: string) => `prompt-runs-sync-${userId}`;

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
      let session: StoredSession | null = first;
      const refresh = async () => {
        session = session ? await refreshStoredSession({ ...deps, config }, session) : null;
        return session !== null;
      };
      if (expiresSoon(first, deps.now()) && !(await refresh())) return { kind: 'signed-out' };
      const transport = createFetchTransport({
        supabaseUrl: config.supabaseUrl,
        anonKey: config.supabaseAnonKey,
        accessToken: () => session?.access_token ?? '',
        fetch: deps.fetch,
      });
      const result = await pushOutbox(db, transport, { auth: { refresh } });
      if (result.ok) return { kind: 'pushed', pushed: result.pushed, rejected: result.rejected };
      if (result.failure.kind === 'unauthorized' && session === null) return { kind: 'signed-out' };
      throw new BackgroundFlushError(result.failure);
    } finally {
      db.close();
    }
  };

  if (!deps.locks) return flush();
  // ifAvailable: a tab that holds the lock keeps it (its engine is running); we never queue behind it.
  return deps.locks.request(syncLeaderLock(userId), { ifAvailable: true }, async (lock) => (lock ? flush() : { kind: 'page-leads' as const }));
}
