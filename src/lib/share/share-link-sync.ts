// Keeps the signed-in user's share links moving: links made offline (the device's queue) are sent when
// a connection and the run's sync allow, again after every sync of the engine and on `online`; revokes
// go the same way, first; the server's list is read in when the share dialog opens.
import type { PromptRunsDB } from '@sync/db';
import type { SyncEngine } from '@sync/engine/sync-engine';
import { flushShareLinks } from '@sync/share/flush-share-links';
import type { ShareApi } from '@sync/share/share-api';
import type { ShareLink } from '@sync/share/share-link';
import { markShareLinkRevoked, mergeServerShares } from '@sync/store/shares';

export interface ShareLinkService {
  /** Send queued links now (a link was just made). */
  kick(): void;
  /** Read the server's list of this user's links into the device; false when it could not be read. */
  refresh(): Promise<boolean>;
  /** Revoke now; offline, the link is queued as 'revoking' and dies once the server hears of it. */
  revoke(link: ShareLink): Promise<void>;
  stop(): void;
}

/** Retry of links that could not be sent, while nothing else (a sync, `online`) sends them sooner. */
const RETRY_MS = 30_000;

export function startShareLinkSync(db: PromptRunsDB, api: ShareApi, engine: Pick<SyncEngine, 'subscribe' | 'getState'>): ShareLinkService {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    timer = null;
    running = flushShareLinks(db, api)
      .then((outcome) => {
        if (outcome.waiting > 0 && !stopped) timer = setTimeout(flush, RETRY_MS);
      })
      .catch((error: unknown) => console.warn('[prompt-runs] share links could not be sent; retried later', error))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          flush();
        }
      });
  };

  // After each sync the server may hold the runs that queued links wait for.
  let lastSynced = engine.getState().lastSyncedAt;
  const unsubscribe = engine.subscribe((state) => {
    if (state.lastSyncedAt === lastSynced) return;
    lastSynced = state.lastSyncedAt;
    flush();
  });
  const onOnline = () => flush();
  globalThis.addEventListener?.('online', onOnline);
  flush();

  return {
    kick: flush,
    async refresh() {
      const listed = await api.list();
      if (!listed.ok) return false;
      await mergeServerShares(db, listed.value);
      return true;
    },
    async revoke(link) {
      // Dead on this device at once; the server hears of it now, or from the queue once online.
      await markShareLinkRevoked(db, link.id, new Date().toISOString());
      flush();
    },
    stop() {
      stopped = true;
      unsubscribe();
      globalThis.removeEventListener?.('online', onOnline);
      if (timer) clearTimeout(timer);
    },
  };
}
