// The header badge: what the server has (offline / syncing / N pending / synced <time> / error). It
// opens the details panel, loaded on demand (it is rarely opened; see sync-details-popover.tsx). The lead
// mounts the badge in the header widgets.
import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { CloudOff, RefreshCw, CloudAlert, Cloud, CloudCheck, HardDrive } from 'lucide-react';
import { Spinner } from '@/components/ui/spinner';
import { useAccount } from '@/lib/account/account-context';
import { useFirstSyncProgress } from '@/lib/data/use-first-sync-progress';
import { describeSyncState, type SyncTone } from './describe-sync-state';
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
  if (tone === 'busy') return <Spinner icon={<RefreshCw {...props} />} />;
  if (tone === 'error') return <CloudAlert {...props} />;
  if (tone === 'ok') return <CloudCheck {...props} />;
  return <Cloud {...props} />;
}

const loadPopover = () => import('./sync-details-popover');
const SyncDetailsPopover = lazy(() => loadPopover().then((m) => ({ default: m.SyncDetailsPopover })));

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
  const firstSync = useFirstSyncProgress(state?.syncing ?? false) ?? null;
  const summary = describeSyncState(state, now, firstSync);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const contentId = useId();
  const [open, setOpen] = useState(false);
  // The panel's code is fetched once someone shows interest; a click before it arrives opens it on arrival.
  const [wanted, setWanted] = useState(false);
  const prefetch = () => void loadPopover();
  return (
    <div role="status" aria-label="Sync status">
      <button
        ref={triggerRef}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? contentId : undefined}
        aria-label={`Sync details: ${summary.text}`}
        className={`inline-flex min-h-11 min-w-11 items-center justify-center gap-1.5 rounded-md px-2 text-sm font-medium hover:bg-slate-100 ${TONES[summary.tone]}`}
        onPointerEnter={prefetch}
        onFocus={prefetch}
        onClick={() => {
          setWanted(true);
          setOpen((was) => !was);
        }}
      >
        <Icon tone={summary.tone} online={state?.online ?? true} local={!state} />
        {/* One line, and below 768 px the icon alone: the header keeps room for every nav link (the
            button's name and the panel it opens say the rest). */}
        <span className="hidden whitespace-nowrap md:inline">{summary.text}</span>
      </button>
      {wanted && (
        <Suspense fallback={null}>
          <SyncDetailsPopover open={open} onOpenChange={setOpen} triggerRef={triggerRef} contentId={contentId} engine={engine} state={state} nowMs={now} firstSync={firstSync} />
        </Suspense>
      )}
    </div>
  );
}
