// What the PWA does once per page load, from main.tsx: register the service worker (update flow), ask
// that storage be kept, and raise the storage-full alert for quota errors that escaped a store function.
import { isQuotaError } from '@sync/index';
import { requestPersistentStorage } from './storage-estimate';
import { listenForUnhandledQuotaErrors } from './storage-full';
import { whenQuiet } from './when-quiet';
import './install-state';

export function startPwa(): void {
  listenForUnhandledQuotaErrors(isQuotaError);
  if (import.meta.env.DEV) return;
  // Once the start is over (see when-quiet.ts): the worker's install downloads and stores every chunk, and
  // registered at the first idle moment after the load event, it ran beside the first page's start-up (in
  // Lighthouse's trace, 330-400 ms of the worker's CPU in the 2 s after first paint, on a 2-core host).
  const register = () => {
    void import('./service-worker').then((m) => m.registerServiceWorker());
    // Chromium grants this silently for engaged or installed sites; a refusal only means eviction stays possible.
    void requestPersistentStorage();
  };
  if (document.readyState === 'complete') whenQuiet(register);
  else window.addEventListener('load', () => whenQuiet(register), { once: true });
}
