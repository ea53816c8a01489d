/** Runs `fn` before the next paint (or soon, where frames do not run: hidden tabs, tests); returns a cancel. */
export function nextFrame(fn: () => void): () => void {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) {
    const id = requestAnimationFrame(fn);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(fn, 50);
  return () => clearTimeout(id);
}

/**
 * Providers can send a hundred chunks a second: `push` keeps the latest value and `put`s it once per frame;
 * `cancel` drops what is waiting (the final value is put directly).
 */
export function frameBatcher<T>(put: (value: T) => void): { push(value: T): void; cancel(): void } {
  let latest: T | null = null;
  let cancelFrame: (() => void) | null = null;
  return {
    push(value) {
      latest = value;
      cancelFrame ??= nextFrame(() => {
        cancelFrame = null;
        if (latest !== null) put(latest);
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
