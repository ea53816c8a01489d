// Work for later that must not compete with the start: run once the page has loaded, a little after, each
// task in an idle period of its own and the next only once the previous one's promise settles (a task that
// imports a module compiles and runs it: one per idle period keeps input answered between them).

/** After the load event, how long before the first idle task: the start page's own chunk and reads come first. */
export const IDLE_START_DELAY_MS = 1_500;

export interface WhenIdleOptions {
  delayMs?: number;
  /** Asked when the tasks would start (after the delay): false drops them. */
  when?: () => boolean;
}

export function runWhenIdle(tasks: ReadonlyArray<() => unknown>, { delayMs = IDLE_START_DELAY_MS, when }: WhenIdleOptions = {}): void {
  const queue = [...tasks];
  const idle = (run: () => void) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run);
    else setTimeout(run, 50);
  };
  const next = () => {
    const task = queue.shift();
    if (!task) return;
    idle(() => {
      // A failed task (a chunk that cannot be fetched offline) only means its page loads on first use.
      void Promise.resolve()
        .then(task)
        .catch(() => undefined)
        .then(next);
    });
  };
  const start = () => setTimeout(() => (when && !when() ? undefined : next()), delayMs);
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}
