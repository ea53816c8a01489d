// Header badge while the device is offline. The status region is always mounted (so screen readers
// announce the change) and reserves no width when online.
import { CloudOff } from 'lucide-react';
import { useOnline } from './online-status';

export function OfflineIndicator() {
  const online = useOnline();
  return (
    <span role="status" className="inline-flex items-center">
      {online ? null : (
        <span
          className="inline-flex min-h-8 items-center gap-1 rounded-full bg-amber-100 px-2 text-xs font-medium text-amber-900"
          title="No connection: everything is saved on this device and syncs when you are back online."
        >
          <CloudOff className="size-4 shrink-0" aria-hidden="true" />
          {/* A phone's header has room for the icon only. */}
          <span className="sr-only sm:not-sr-only">Offline</span>
        </span>
      )}
    </span>
  );
}
