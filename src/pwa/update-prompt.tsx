// "A new version is ready — Reload", or, when the sync server no longer speaks this version's protocol,
// "A new version of the app is needed to sync — Reload". Shown until the user chooses; the reload waits
// for a live reply.
import { useSyncExternalStore } from 'react';
import { RefreshCw } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { getSyncNeedsUpdate, getUpdatePhase, subscribeUpdate } from './update-state';

// Loaded with the worker registration after the page's load event; by the time an update exists it is there.
const applyUpdate = () => import('./service-worker').then((m) => m.applyUpdate());

export function UpdatePrompt() {
  const phase = useSyncExternalStore(subscribeUpdate, getUpdatePhase, () => 'none' as const);
  const syncNeedsIt = useSyncExternalStore(subscribeUpdate, getSyncNeedsUpdate, () => false);
  if (phase === 'none' && !syncNeedsIt) return null;
  const offer = phase === 'ready' || phase === 'none';
  return (
    <div role="status" className="pointer-events-auto flex max-w-xl items-center gap-3 rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950 shadow">
      <RefreshCw className="size-5 shrink-0" aria-hidden="true" />
      <p>
        {offer ? (syncNeedsIt ? 'A new version of the app is needed to sync. Your changes stay on this device until then.' : 'A new version is ready.') : null}
        {phase === 'waiting-for-reply' ? 'A new version is ready. It loads as soon as the reply finishes.' : null}
        {phase === 'reloading' ? 'Loading the new version…' : null}
      </p>
      {offer ? (
        <Button variant="primary" className="shrink-0" onClick={() => void applyUpdate()}>
          Reload
        </Button>
      ) : null}
    </div>
  );
}
