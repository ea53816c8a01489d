// Background Sync for the outbox. When the app goes offline or is hidden with changes still queued, it
// registers a sync tag; the browser fires the worker's `sync` event once connectivity returns (even after
// the tab closed, while the browser runs). While a tab leads sync the worker asks it to flush through its
// engine (this module answers); with the app closed the worker pushes the outbox itself (background-flush.ts).
// Without Background Sync (Safari, Firefox) the outbox stays durable in IndexedDB and the engine flushes it
// when the app next opens.
import type { PromptRunsDB } from '@sync/db';
import { countPending } from '@sync/store/outbox';
import { isWorkerToPage, OUTBOX_SYNC_TAG, type PageToWorker } from './sw-messages';

type Flusher = () => Promise<boolean>;
let flusher: Flusher | null = null;

/** The sync engine's host registers how to push the outbox now (true when everything was acknowledged). */
export function setOutboxFlusher(flush: Flusher | null): void {
  flusher = flush;
}

interface SyncManager {
  register(tag: string): Promise<void>;
}

export function supportsBackgroundSync(registration: ServiceWorkerRegistration | undefined): boolean {
  return !!registration && 'sync' in registration;
}

/** Register the outbox sync tag if anything is queued; returns whether a sync was registered. */
export async function requestOutboxSync(db: PromptRunsDB): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration || !supportsBackgroundSync(registration)) return false;
  if ((await countPending(db)) === 0) return false;
  try {
    await (registration as ServiceWorkerRegistration & { sync: SyncManager }).sync.register(OUTBOX_SYNC_TAG);
    return true;
  } catch {
    return false; // denied (e.g. background sync permission off): the next open flushes instead
  }
}

export function startBackgroundSync(db: PromptRunsDB): () => void {
  if (!('serviceWorker' in navigator)) return () => undefined;
  const onMessage = (event: MessageEvent) => {
    if (!isWorkerToPage(event.data)) return;
    const { id } = event.data;
    const reply = (ok: boolean) => (event.source as ServiceWorker | null)?.postMessage({ type: 'flush-result', id, ok } satisfies PageToWorker);
    // No engine (signed out, or not started yet): nothing can reach a server now; the engine flushes on start.
    if (!flusher) return reply(true);
    flusher().then(reply, () => reply(false));
  };
  const request = () => void requestOutboxSync(db);
  const onHidden = () => {
    if (document.visibilityState === 'hidden') request();
  };
  navigator.serviceWorker.addEventListener('message', onMessage);
  window.addEventListener('offline', request);
  document.addEventListener('visibilitychange', onHidden);
  return () => {
    navigator.serviceWorker.removeEventListener('message', onMessage);
    window.removeEventListener('offline', request);
    document.removeEventListener('visibilitychange', onHidden);
  };
}
