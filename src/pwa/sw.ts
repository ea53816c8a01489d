/// <reference lib="webworker" />
// The service worker: precaches the app shell and every route's chunk (the manifest is injected at build
// time), answers any in-app navigation with index.html so deep links open offline, waits for the page's
// "Reload" before taking over (registerType 'prompt'), and runs Background Sync for the outbox: with the
// app closed it pushes the outbox itself (background-flush.ts); while a tab leads sync, that tab pushes.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { flushOutboxInBackground } from './background-flush';
import { isFlushResult, OUTBOX_SYNC_TAG, type PageToWorker, type WorkerToPage } from './sw-messages';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The first worker takes the open page at once, so a first visit is already offline-ready. Later versions
// activate only on the user's "Reload" (SKIP_WAITING), so claiming then never swaps code under a live page.
clientsClaim();

// Any navigation inside the app (e.g. /ai/prompts/run/:id/:runId) gets the cached shell; the router takes
// it from there. Server paths of the local Supabase stand-in are never app pages.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/^\/(rest|auth|realtime|storage)\//, /\/[^/?]+\.[^/?]+$/],
  }),
);

const pendingFlushes = new Map<string, (ok: boolean) => void>();
const FLUSH_TIMEOUT_MS = 60_000;

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data = event.data as PageToWorker | undefined;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
  if (isFlushResult(data)) pendingFlushes.get(data.id)?.(data.ok);
});

/**
 * Push the outbox. With no tab leading sync (the app closed), the worker pushes it itself; otherwise it asks
 * an open window to push through its sync engine. The promise rejects when the push failed, so the browser
 * schedules the sync again with backoff (Chromium: a few tries, then the next open flushes).
 */
async function flushOutbox(): Promise<void> {
  const result = await flushOutboxInBackground({ fetch: (input, init) => fetch(input, init), locks: self.navigator.locks, now: () => Date.now() });
  if (result.kind === 'page-leads') await askWindowToFlush();
}

async function askWindowToFlush(): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const client = windows[0];
  if (!client) return; // the leading tab closed meanwhile: the next open flushes
  const id = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const ok = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), FLUSH_TIMEOUT_MS);
    pendingFlushes.set(id, (result) => {
      clearTimeout(timer);
      resolve(result);
    });
    client.postMessage({ type: 'flush-outbox', id } satisfies WorkerToPage);
  });
  pendingFlushes.delete(id);
  if (!ok) throw new Error('The outbox could not be flushed yet; the browser will retry.');
}

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag === OUTBOX_SYNC_TAG) sync.waitUntil(flushOutbox());
});
