// Long background work (indexing a first sync, merging index segments, applying big pages) runs in
// slices of a few milliseconds and lets the page breathe in between, so no task holds the main thread
// for 50 ms and typing, scrolling and rendering stay smooth throughout.

/** Work time before a slice yields. */
export const SLICE_MS = 8;

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Yields to the event loop (scheduler.yield where the browser has it: it resumes ahead of other tasks). */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface TimeSlicer {
  /** True once the current slice has used its time. */
  due(): boolean;
  /** Starts a new slice (after the caller yielded its own way, e.g. with an IndexedDB request). */
  reset(): void;
  /** Yields to the event loop and starts a new slice. */
  yieldNow(): Promise<void>;
  /** Yields only when the slice is used up: call it often in a loop. Never inside a transaction. */
  maybeYield(): Promise<void> | undefined;
}

export function timeSlicer(budgetMs = SLICE_MS): TimeSlicer {
  let start = now();
  const slicer: TimeSlicer = {
    due: () => now() - start > budgetMs,
    reset: () => void (start = now()),
    yieldNow: async () => {
      await yieldToMain();
      start = now();
    },
    maybeYield: () => (slicer.due() ? slicer.yieldNow() : undefined),
  };
  return slicer;
}
