// The PWA's part of the header (one entry in header-slots): offline badge and install button inline, and
// the notices that float under the header (update ready, storage full). Also connects Background Sync to
// the sync engine of this tree's account.
import { useDb } from '@/lib/data/db-context';
import { InstallButton } from './install-button';
import { OfflineIndicator } from './offline-indicator';
import { StorageFullAlert } from './storage-full-alert';
import { UpdatePrompt } from './update-prompt';
import { useSyncHost } from './use-sync-host';

export function PwaHeaderWidget() {
  const db = useDb();
  const syncing = useSyncHost(db);
  return (
    <>
      {/* Signed in, the sync badge already says "Offline" with the pending count. */}
      {syncing ? null : <OfflineIndicator />}
      <InstallButton />
      <div className="pointer-events-none fixed inset-x-0 top-14 z-30 flex flex-col items-center gap-2 px-2 pt-2 pl-[max(0.5rem,env(safe-area-inset-left))] pr-[max(0.5rem,env(safe-area-inset-right))]">
        <UpdatePrompt />
        <StorageFullAlert />
      </div>
    </>
  );
}
