// "The device is out of space" as app state: writes that failed with quota_exceeded report here, the
// alert (storage-full-alert.tsx) tells the user, and their retries wait here until space may have freed.
import type { AppError, Result } from '@sync/model';

export interface StorageFullState {
  /** Writes kept in memory, waiting for space. */
  waiting: number;
  /** A write failed for space and nothing has succeeded since. */
  full: boolean;
}

let state: StorageFullState = { waiting: 0, full: false };
const listeners = new Set<() => void>();
const wakers = new Set<() => void>();

function set(next: Partial<StorageFullState>): void {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
}

export const getStorageFullState = (): StorageFullState => state;
export function subscribeStorageFull(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export const isQuotaFailure = (error: AppError | undefined): boolean => error?.reason === 'quota_exceeded';

/** Record the outcome of any device write, so the alert appears on a full disk and goes once writes succeed. */
export function noteWriteOutcome(result: Result<unknown>): void {
  if (!result.ok && isQuotaFailure(result.error)) set({ full: true });
  else if (result.ok && state.full && state.waiting === 0) set({ full: false });
}

/** Wake every waiting retry now (the user freed space and pressed "Try again"). */
export function retryWaitingWrites(): void {
  [...wakers].forEach((wake) => wake());
}

export const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000];

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      wakers.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    wakers.add(done);
  });
}

/**
 * Run a device write; while it fails for lack of space, keep the data (the closure holds it) and try
 * again with backoff, forever, or sooner on "Try again". Other failures come back at once.
 * `onWaiting` fires on each space failure, so the caller can show "Not saved" meanwhile.
 */
export async function retryWhileFull<T>(
  write: () => Promise<Result<T>>,
  onWaiting?: (error: AppError) => void,
  delaysMs: readonly number[] = RETRY_DELAYS_MS,
): Promise<Result<T>> {
  let result = await write();
  if (result.ok || !isQuotaFailure(result.error)) return result;
  set({ waiting: state.waiting + 1, full: true });
  try {
    for (let attempt = 0; !result.ok && isQuotaFailure(result.error); attempt += 1) {
      onWaiting?.(result.error);
      await pause(delaysMs[Math.min(attempt, delaysMs.length - 1)] ?? 5_000);
      result = await write();
    }
  } finally {
    set({ waiting: state.waiting - 1 });
  }
  noteWriteOutcome(result);
  return result;
}

/** Writes outside the store functions (a library, a stray promise) still raise the alert when the disk is full. */
export function listenForUnhandledQuotaErrors(isQuotaError: (error: unknown) => boolean): () => void {
  const onRejection = (event: PromiseRejectionEvent) => {
    if (isQuotaError(event.reason)) set({ full: true });
  };
  window.addEventListener('unhandledrejection', onRejection);
  return () => window.removeEventListener('unhandledrejection', onRejection);
}
