// Connects Background Sync to the account's sync engine: the worker's flush request runs the engine's
// flush, and while offline with changes queued the outbox sync tag stays registered. Works without an
// account provider (component tests, local-only embeds): then there is nothing to flush to.
import { useEffect, useSyncExternalStore } from 'react';
import type { PromptRunsDB } from '@sync/db';
import { useAccountController } from '@/lib/account/account-context';
import type { AccountController } from '@/lib/account/account-controller';
import { requestOutboxSync, setOutboxFlusher, startBackgroundSync } from './outbox-sync';
import { getSyncNeedsUpdate, setSyncNeedsUpdate } from './update-state';

function useOptionalAccountController(): AccountController | null {
  try {
    return useAccountController();
  } catch {
    return null; // rendered outside <AccountProvider>
  }
}

const noSubscribe = () => () => undefined;

/** Starts Background Sync for `db`; returns whether a sync engine runs (signed in), whose badge then shows offline. */
export function useSyncHost(db: PromptRunsDB): boolean {
  const controller = useOptionalAccountController();
  const engine = useSyncExternalStore(controller ? controller.store.subscribe : noSubscribe, () => controller?.store.getState().engine ?? null);

  useEffect(() => startBackgroundSync(db), [db]);

  useEffect(() => {
    if (!controller) return;
    setOutboxFlusher(async () => (await controller.flush()) === 0);
    return () => setOutboxFlusher(null);
  }, [controller]);

  useEffect(() => {
    if (!engine) return;
    let registered = false;
    return engine.subscribe((state) => {
      // The server no longer speaks this version's protocol: the update prompt offers the reload, and a
      // check for the new version starts now rather than at the next hourly one.
      if (state.needsUpdate && !getSyncNeedsUpdate()) void import('./service-worker').then((m) => m.checkForUpdate());
      setSyncNeedsUpdate(state.needsUpdate);
      // Queue the browser's retry once per offline spell with work pending; it fires when the network is back.
      if (state.online || state.pending === 0) registered = false;
      else if (!registered) {
        registered = true;
        void requestOutboxSync(db);
      }
    });
  }, [engine, db]);

  return engine !== null;
}
