// Settings → Storage: how much this app uses of what the browser allows, a warning near the limit, and
// the persistent-storage status with a button to ask again.
import { useCallback, useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { APP_VERSION } from './app-version';
import { formatBytes, isNearlyFull, readStorageEstimate, requestPersistentStorage, type StorageEstimateView } from './storage-estimate';

export function StorageSettings() {
  const [estimate, setEstimate] = useState<StorageEstimateView | null | 'loading'>('loading');
  const refresh = useCallback(() => void readStorageEstimate().then(setEstimate), []);
  useEffect(refresh, [refresh]);

  const percent = estimate && estimate !== 'loading' && estimate.quota > 0 ? (estimate.usage / estimate.quota) * 100 : 0;
  return (
    <section aria-labelledby="storage-title" className="flex max-w-md flex-col gap-2">
      <h2 id="storage-title" className="text-lg font-semibold">
        Storage
      </h2>
      {estimate === 'loading' ? <p className="min-h-16 text-sm text-slate-600">Measuring…</p> : null}
      {estimate === null ? <p className="text-sm text-slate-600">This browser does not report how much storage the app uses.</p> : null}
      {estimate && estimate !== 'loading' ? (
        <>
          <p className="text-sm">
            Using {formatBytes(estimate.usage)} of {formatBytes(estimate.quota)} available to this app ({percent < 1 ? percent.toFixed(2) : Math.round(percent)}%).
          </p>
          <div
            role="meter"
            aria-label="Storage used"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(percent)}
            className="h-2 w-full overflow-hidden rounded bg-slate-200"
          >
            <div className={`h-full ${isNearlyFull(estimate) ? 'bg-red-600' : 'bg-slate-700'}`} style={{ width: `${Math.min(100, percent)}%` }} />
          </div>
          {isNearlyFull(estimate) ? (
            <p role="alert" className="text-sm text-red-800">
              Storage is almost full. New runs may fail to save: delete runs you no longer need, or free space on this device.
            </p>
          ) : null}
          <p className="text-sm text-slate-700">
            {estimate.persisted === true
              ? 'Your runs are kept: the browser will not clear them to free space.'
              : 'The browser may clear this app’s data when the device runs low on space, unless you install the app or allow persistent storage.'}
          </p>
          {estimate.persisted === false ? (
            <Button className="self-start" onClick={() => void requestPersistentStorage().then(refresh)}>
              Keep my data on this device
            </Button>
          ) : null}
        </>
      ) : null}
      <p className="text-sm text-slate-600">App version {APP_VERSION}</p>
    </section>
  );
}
