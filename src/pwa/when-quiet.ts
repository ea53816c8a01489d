// "The start is over": the main thread has been idle for a while in a row. Work that would compete with the
// first page's start-up for the CPU (the service worker's install downloads and stores every chunk, 1.8 MB)
// waits for it. The load event comes far earlier: the app's own start (its code's later steps, IndexedDB,
// the first page's data) goes on after it.

/** An idle period this long means nothing else was queued (Chromium's longest is 50 ms). */
const FULL_IDLE_MS = 40;
/** More than this between two idle periods means a task ran in between. */
const MAX_GAP_MS = 100;

/**
 * Calls `then` once `quietMs` have passed in unbroken, full idle periods, or after `maxMs` whatever the main
 * thread does (a page that animates has no long idle periods). Without requestIdleCallback (Safari), after
 * `fallbackMs`.
 */
export function whenQuiet(then: () => void, { quietMs = 500, maxMs = 10_000, fallbackMs = 2_000 } = {}): void {
  if (typeof requestIdleCallback !== 'function') {
    setTimeout(then, fallbackMs);
    return;
  }
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearTimeout(cap);
    then();
  };
  const cap = setTimeout(finish, maxMs);
  // Counted from the first idle period, not from this call: the start may still be busy until then.
  let quietSince = 0;
  let previous = -Infinity;
  const onIdle = (deadline: IdleDeadline) => {
    if (done) return;
    const now = performance.now();
    if (deadline.timeRemaining() < FULL_IDLE_MS || now - previous > MAX_GAP_MS) quietSince = now;
    previous = now;
    if (now - quietSince >= quietMs) finish();
    else requestIdleCallback(onIdle);
  };
  requestIdleCallback(onIdle);
}
