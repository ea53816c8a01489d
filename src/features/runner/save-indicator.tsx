// The save indicator (seed "Save Indicator"): a spinner while saving, "Saved" with a check for ~2 s.
// Always mounted, so screen readers announce the change and the header never shifts; named, because
// other status regions (offline badge, sync) share the page. On a phone "Saving…" and "Saved" are their
// icons only (the words stay for screen readers): the header's room goes to the run's name.
import { AlertTriangle, Check, Loader2 } from 'lucide-react';
import { Spinner } from '@/components/ui/spinner';
import type { SaveState } from './auto-save';

export function SaveIndicator({ state }: { state: SaveState }) {
  return (
    <div role="status" aria-label="Save status" className="flex min-h-11 min-w-5 items-center justify-end gap-1 text-xs text-slate-500 sm:min-w-20">
      {state.status === 'saving' ? (
        <>
          <Spinner icon={<Loader2 className="size-3 text-slate-400" aria-hidden="true" />} />
          <span className="sr-only sm:not-sr-only">Saving…</span>
        </>
      ) : null}
      {state.status === 'saved' ? (
        <>
          <Check className="size-3 text-green-600" aria-hidden="true" />
          <span className="sr-only sm:not-sr-only">Saved</span>
        </>
      ) : null}
      {state.status === 'error' ? (
        <>
          <AlertTriangle className="size-3 text-red-600" aria-hidden="true" />
          <span className="text-red-700" title={state.error ?? undefined}>Not saved</span>
        </>
      ) : null}
    </div>
  );
}
