// Registers the service worker with workbox-window and owns the update flow: a new version waits until
// the user presses "Reload", and even then the reload waits for a streaming reply to finish. The app never
// reloads by itself (an unsent message is kept as a draft, but a live reply cannot be resumed).
import { Workbox } from 'workbox-window';
import { BUSY_REPLY, whenIdle } from './busy';
import { getUpdatePhase, setUpdatePhase as setPhase } from './update-state';

let workbox: Workbox | null = null;
let reloadRequested = false;

const UPDATE_CHECK_MS = 60 * 60 * 1000;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const wb = new Workbox('/sw.js', { scope: '/' });
  workbox = wb;
  // A new worker installed and is waiting for us (also fires for one left waiting by an earlier visit).
  wb.addEventListener('waiting', () => setPhase('ready'));
  wb.addEventListener('controlling', (event) => {
    if (reloadRequested) window.location.reload();
    // Another tab took the update: this tab still runs the old code, whose lazy chunks are gone.
    else if (event.isUpdate) setPhase('ready');
  });
  void wb.register().catch((error: unknown) => console.warn('[prompt-runs] service worker registration failed', error));
  // Long-lived tabs (an installed app stays open for days) still learn of new versions.
  setInterval(() => void wb.update().catch(() => undefined), UPDATE_CHECK_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void wb.update().catch(() => undefined);
  });
}

/** Ask the server for a new version now (the sync server said this one is too old). */
export function checkForUpdate(): Promise<void> {
  return workbox ? workbox.update().catch(() => undefined) : Promise.resolve();
}

/** The user pressed "Reload": activate the waiting worker once no reply is streaming, then reload. */
export async function applyUpdate(): Promise<void> {
  const phase = getUpdatePhase();
  if (phase === 'reloading' || phase === 'waiting-for-reply') return;
  setPhase('waiting-for-reply');
  await whenIdle([BUSY_REPLY]);
  setPhase('reloading');
  reloadRequested = true;
  const registration = await navigator.serviceWorker.getRegistration();
  if (workbox && registration?.waiting) workbox.messageSkipWaiting();
  else window.location.reload();
}
