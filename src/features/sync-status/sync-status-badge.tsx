// The header badge: what the server has (offline / syncing / N pending / synced <time> / error). It
// opens the details panel. The lead mounts it in the header widgets.
import { useEffect, useState } from 'react';
import { Popover } from 'radix-ui';
import { CloudOff, RefreshCw, CloudAlert, Cloud, CloudCheck, HardDrive } from 'lucide-react';
import { useAccount } from '@/features/account/account-context';
import { describeSyncState, type SyncTone } from './describe-sync-state';
import { SyncDetails } from './sync-details';
import { useSyncState } from './use-sync-state';

const TONES: Record<SyncTone, string> = {
  neutral: 'text-slate-600',
  busy: 'text-slate-700',
  ok: 'text-emerald-700',
  warning: 'text-amber-700',
  error: 'text-red-700',
};

function Icon({ tone, online, local }: { tone: SyncTone; online: boolean; local: boolean }) {
  const props = { size: 16, 'aria-hidden': true } as const;
  if (local) return <HardDrive {...props} />;
  if (!online) return <CloudOff {...props} />;
  if (tone === 'busy') return <RefreshCw {...props} className="animate-spin" />;
  if (tone === 'error') return <CloudAlert {...props} />;
  if (tone === 'ok') return <CloudCheck {...props} />;
  return <Cloud {...props} />;
}

/** Re-render now and then so "Synced 5 min ago" stays true. */
function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

export function SyncStatusBadge() {
  const engine = useAccount((s) => s.engine);
  const state = useSyncState(engine);
  const now = useNow();
  const summary = describeSyncState(state, now);
  return (
    <div role="status" aria-label="Sync status">
      <Popover.Root>
        <Popover.Trigger
          className={`inline-flex min-h-11 items-center gap-1.5 rounded-md px-2 text-sm font-medium hover:bg-slate-100 ${TONES[summary.tone]}`}
          aria-label={`Sync details: ${summary.text}`}
        >
          <Icon tone={summary.tone} online={state?.online ?? true} local={!state} />
          <span>{summary.text}</span>
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content align="end" sideOffset={6} aria-label="Sync details" className="z-50 w-[min(92vw,22rem)] rounded-lg border border-slate-200 bg-white p-4 shadow-lg">
            <SyncDetails engine={engine} state={state} nowMs={now} />
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
    </div>
  );
}
