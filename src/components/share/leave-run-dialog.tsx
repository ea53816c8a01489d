// "Leave" a run someone shared with me (my part of Share's "remove someone"): it first sends what I wrote
// in the run and has not yet sent (so it stays in the run, as the dialog says), then asks the sync server
// to take me off the run, then syncs, which takes the run off this device. Needs a connection; says so.
import { AlertDialog } from 'radix-ui';
import { useState } from 'react';
import type { Run } from '@sync/model';
import { Button, buttonClass } from '@/components/ui/button';
import { useAccount } from '@/lib/account/account-context';

interface LeaveRunDialogProps {
  run: Run;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Left: the caller moves away from the run (it leaves this device at the sync that follows). */
  onLeft: () => void;
}

export function LeaveRunDialog({ run, open, onOpenChange, onLeft }: LeaveRunDialogProps) {
  const api = useAccount((s) => s.members);
  const me = useAccount((s) => s.user?.id ?? null);
  const engine = useAccount((s) => s.engine);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const owner = run.shared?.owner_email || 'Its owner';

  async function leave() {
    if (!api || !me) return setError('Sign in to leave this run.');
    setBusy(true);
    await engine?.syncNow().catch(() => undefined);
    const result = await api.remove(run.id, me);
    setBusy(false);
    if (!result.ok) {
      return setError(
        result.error.reason === 'offline'
          ? 'Leaving needs the sync server, which cannot be reached now. Try again when online.'
          : result.error.reason === 'signed_out'
            ? 'Sign in again to leave this run.'
            : result.error.message,
      );
    }
    onOpenChange(false);
    void engine?.syncNow();
    onLeft();
  }

  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) setError(null);
        onOpenChange(next);
      }}
    >
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 w-[min(92vw,28rem)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold break-words">Leave “{run.name || 'Untitled run'}”?</AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm text-slate-700">
            It leaves your devices; {owner} can invite you again.
            {run.shared?.role === 'editor' ? ' What you wrote in it stays in the run.' : ''}
          </AlertDialog.Description>
          {error ? <p role="alert" className="mt-3 text-sm text-red-700">{error}</p> : null}
          <div className="mt-5 flex justify-end gap-2">
            <AlertDialog.Cancel className={buttonClass('secondary')}>Cancel</AlertDialog.Cancel>
            <Button variant="danger" disabled={busy} onClick={() => void leave()}>
              {busy ? 'Leaving…' : 'Leave'}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
