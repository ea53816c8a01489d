// Tells the user the device is out of space, that nothing typed or streamed is lost, and offers a retry.
import { useSyncExternalStore } from 'react';
import { HardDrive } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { getStorageFullState, retryWaitingWrites, subscribeStorageFull } from './storage-full';

export function StorageFullAlert() {
  const { full, waiting } = useSyncExternalStore(subscribeStorageFull, getStorageFullState);
  if (!full) return null;
  return (
    <div role="alert" className="pointer-events-auto flex max-w-xl items-center gap-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 shadow">
      <HardDrive className="size-5 shrink-0" aria-hidden="true" />
      <p>
        Storage is full on this device, so the latest changes are not saved yet. Nothing is lost: what you typed stays in the message
        box{waiting > 0 ? ' and the reply is kept in memory' : ''}. Free some space and it will be saved.
      </p>
      {waiting > 0 ? (
        <Button variant="secondary" className="shrink-0" onClick={retryWaitingWrites}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}
