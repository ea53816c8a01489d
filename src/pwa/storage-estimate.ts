// The browser's storage for this app: ask once that it be kept (persistent storage is not evicted under
// pressure), and read usage against quota for Settings.
export interface StorageEstimateView {
  usage: number;
  quota: number;
  persisted: boolean | null;
}

/** Above this share of the quota Settings warns; writes start failing at the quota. */
export const NEAR_FULL_RATIO = 0.9;

export async function requestPersistentStorage(): Promise<boolean | null> {
  const storage = navigator.storage;
  if (!storage?.persist || !storage.persisted) return null;
  try {
    if (await storage.persisted()) return true;
    return await storage.persist();
  } catch {
    return null;
  }
}

export async function readStorageEstimate(): Promise<StorageEstimateView | null> {
  const storage = navigator.storage;
  if (!storage?.estimate) return null;
  try {
    const [{ usage = 0, quota = 0 }, persisted] = await Promise.all([
      storage.estimate(),
      storage.persisted ? storage.persisted().catch(() => null) : Promise.resolve(null),
    ]);
    return { usage, quota, persisted };
  } catch {
    return null;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export const isNearlyFull = (e: StorageEstimateView): boolean => e.quota > 0 && e.usage / e.quota >= NEAR_FULL_RATIO;
