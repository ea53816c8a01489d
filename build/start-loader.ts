// Runs in the page before any of the app's code: index.html carries it inline (app-shell-first.ts compiles
// this file at build time). It starts the app's code once the static shell is on screen, so on a slow phone
// the shell paints as soon as the HTML is parsed and the JavaScript downloads behind it rather than
// delaying it; the cost is one frame before the download starts.

/** The files a start runs (see start-chunks.ts), as URLs. */
export interface StartFiles {
  /** The entry chunk (main.tsx). */
  entry: string;
  /** Its static imports and the app graph main.tsx imports next: every start needs them. */
  common: string[];
  /** The start page's own chunks, fetched at once only on a start URL. */
  startPage: string[];
  startPaths: string[];
}

/** How long to wait for a first paint that never comes. */
const PAINT_TIMEOUT_MS = 3000;

export function startAfterFirstPaint(files: StartFiles): void {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    const preloads = files.common.concat(files.startPaths.indexOf(location.pathname) >= 0 ? files.startPage : []);
    const script = document.createElement('script');
    script.type = 'module';
    script.crossOrigin = '';
    script.src = files.entry;
    document.head.appendChild(script);
    // One preload per task: starting a request costs the main thread a few ms (more with DevTools open),
    // and a dozen in one go made a task of 60 ms.
    const preloadNext = () => {
      const href = preloads.shift();
      if (!href) return;
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.crossOrigin = '';
      link.href = href;
      document.head.appendChild(link);
      setTimeout(preloadNext, 0);
    };
    preloadNext();
  };
  // A hidden page paints nothing: load at once. Otherwise once the shell is on screen: the
  // first-contentful-paint entry arrives after the frame is presented (a frame can be drawn long before it
  // is shown on a busy phone); without paint timing, one frame later; and a timer guards against a paint
  // that never comes.
  if (document.visibilityState === 'hidden') return start();
  document.addEventListener('visibilitychange', start, { once: true });
  setTimeout(start, PAINT_TIMEOUT_MS);
  if ((PerformanceObserver.supportedEntryTypes || []).indexOf('paint') < 0) {
    requestAnimationFrame(() => setTimeout(start, 0));
    return;
  }
  new PerformanceObserver((list, observer) => {
    if (list.getEntriesByName('first-contentful-paint').length === 0) return;
    observer.disconnect();
    start();
  }).observe({ type: 'paint', buffered: true });
}
