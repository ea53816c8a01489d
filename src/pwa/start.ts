// What the PWA does once per page load, from main.tsx: register the service worker (update flow), ask
// that storage be kept, and raise the storage-full alert for quota errors that escaped a store function.
import { isQuotaError } from '@sync/store/write';
import { requestPersistentStorage } from './storage-estimate';
import { listenForUnhandledQuotaErrors } from './storage-full';
import './install-state';

export function startPwa(): void {
  listenForUnhandledQuotaErrors(isQuotaError);
  if (import.meta.env.DEV) return;
  // After the load event: the worker's install downloads every chunk, which must not compete with first paint.
  const register = () => {
    void import('./service-worker').then((m) => m.registerServiceWorker());
    // Chromium grants this silently for engaged or installed sites; a refusal only means eviction stays possible.
    void requestPersistentStorage();
  };
  // And when the main thread is idle: the load event comes before the start route's page chunk has run,
  // and registering then adds main-thread work to the first page's startup (blocking time).
  const whenIdle = () =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(register, { timeout: 5_000 }) : setTimeout(register, 1_000);
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
}
