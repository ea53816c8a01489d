// "Share" of a run: make a read-only link (a snapshot, or live), copy it, and see and revoke this run's
// links; below, the people the run is shared with (run-people.tsx). Links live in the owner's account on
// the sync server, so sharing needs one: signed out, the dialog says so and offers to sign in. Loaded on
// first use (src/components/share/lazy-share-dialog.tsx).
import { Dialog } from 'radix-ui';
import { X } from 'lucide-react';
import { ButtonLink } from '@/components/ui/button';
import { useAccount } from '@/lib/account/account-context';
import { RunPeople } from './run-people';
import { ShareBody } from './share-body';

export interface ShareDialogProps {
  runId: string | null;
  onClose: () => void;
}

export function ShareDialog({ runId, onClose }: ShareDialogProps) {
  const phase = useAccount((s) => s.phase);
  const service = useAccount((s) => s.shareLinks);
  const members = useAccount((s) => s.members);
  return (
    <Dialog.Root open={runId !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content
          className="fixed left-1/2 top-1/2 z-50 max-h-[90dvh] w-[min(94vw,34rem)] -translate-x-1/2 -translate-y-1/2 scroll-py-5 overflow-y-auto rounded-lg bg-white p-5 shadow-xl"
          onFocusCapture={(e) => (e.target as HTMLElement).scrollIntoView?.({ block: 'nearest' })}
        >
          <div className="flex items-center justify-between">
            <Dialog.Title className="text-lg font-semibold">Share</Dialog.Title>
            <Dialog.Close className="inline-flex size-11 items-center justify-center rounded-md hover:bg-slate-100" aria-label="Close">
              <X className="size-4" aria-hidden="true" />
            </Dialog.Close>
          </div>
          <Dialog.Description className="text-sm text-slate-600">
            Anyone with a link can read this run, without an account. They cannot change it.
          </Dialog.Description>
          {runId === null ? null : phase === 'signed-in' && service ? (
            <>
              <ShareBody runId={runId} service={service} />
              {members ? <RunPeople runId={runId} api={members} /> : null}
            </>
          ) : phase === 'starting' ? (
            <p role="status" className="py-4 text-sm">Checking your account…</p>
          ) : phase === 'local-only' || (phase === 'signed-in' && !service) ? (
            <p className="py-4 text-sm">
              This copy of the app has no sync server, so it cannot make share links. You can still download the run from its
              details (Markdown, JSON or PDF).
            </p>
          ) : (
            <div className="flex flex-col items-start gap-3 py-4 text-sm">
              <p>
                Sharing needs an account: a link is kept in your account on the sync server, which checks it each time someone
                opens it, so you can revoke it.
              </p>
              <ButtonLink variant="primary" to="/account" onClick={onClose}>Sign in to share</ButtonLink>
            </div>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
