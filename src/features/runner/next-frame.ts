/** Runs `fn` before the next paint (or soon, where frames do not run: hidden tabs, tests); returns a cancel. */
export function nextFrame(fn: () => void): () => void {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) {
    const id = requestAnimationFrame(fn);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(fn, 50);
  return () => clearTimeout(id);
}

/** A frame at 60 Hz. */
const FRAME_MS = 16;

/**
 * Providers can send a hundred chunks a second: `push` keeps the latest value and `put`s it at most once per
 * frame; a value after a quiet spell, the first one above all, is put at once rather than a frame later.
 * `cancel` drops what is waiting (the final value is put directly).
 */
export function frameBatcher<T>(put: (value: T) => void): { push(value: T): void; cancel(): void } {
  let latest: { value: T } | null = null;
  let cancelFrame: (() => void) | null = null;
  let putAt = -Infinity;
  const putNow = (value: T) => {
    putAt = performance.now();
    put(value);
  };
  return {
    push(value) {
      if (cancelFrame === null && performance.now() - putAt >= FRAME_MS) return putNow(value);
      latest = { value };
      cancelFrame ??= nextFrame(() => {
        cancelFrame = null;
        if (latest !== null) putNow(latest.value);
        latest = null;
      });
    },
    cancel() {
      cancelFrame?.();
      cancelFrame = null;
      latest = null;
    },
  };
}
