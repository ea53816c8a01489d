// Signing out with changes the server has not received: say so, and offer to wait for them.
import { AlertDialog } from 'radix-ui';
import { buttonClass } from '@/components/ui/button';

interface SignOutDialogProps {
  open: boolean;
  pending: number;
  waiting: boolean;
  onOpenChange(open: boolean): void;
  onWait(): void;
  onSignOutAnyway(): void;
}

export function SignOutDialog({ open, pending, waiting, onOpenChange, onWait, onSignOutAnyway }: SignOutDialogProps) {
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 w-[min(92vw,28rem)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold">Some changes are not synced yet</AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm text-slate-700">
            {pending} change{pending === 1 ? '' : 's'} made on this device {pending === 1 ? 'has' : 'have'} not reached the server.
            If you sign out now {pending === 1 ? 'it stays' : 'they stay'} on this device and {pending === 1 ? 'is' : 'are'} sent
            the next time you sign in here.
          </AlertDialog.Description>
          {waiting && (
            <p role="status" className="mt-3 text-sm text-slate-700">
              Syncing… you will be signed out when it is done.
            </p>
          )}
          <div className="mt-5 flex flex-wrap justify-end gap-2">
            <AlertDialog.Cancel className={buttonClass('secondary')}>Cancel</AlertDialog.Cancel>
            <button type="button" className={buttonClass('primary')} onClick={onWait} disabled={waiting}>
              Wait for sync
            </button>
            <button type="button" className={buttonClass('danger')} onClick={onSignOutAnyway}>
              Sign out anyway
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
