// Entry point: mounts the app over index.html's static app shell. Everything route-specific is lazy-loaded
// from src/app/routes.tsx.
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing the #root element');

// In steps, so no single task compiles and runs all of the first route's code (on a slow phone that is one
// long freeze): React now; then Dexie's module (the largest part of the app graph); then the app's modules
// (./app/boot); then the database and its first queries; then the PWA's start; then the router; then the
// first render. index.html's loader fetches every graph in parallel, so the steps cost no extra round trip;
// each timer makes a new task (already fetched, an import would otherwise run in the current task's microtasks).
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
// A share link (/s/<token>) is a page of its own for people with no account and no app data: it loads
// neither the app nor its database (src/features/shared-view).
const sharedToken = /^\/s\/([^/]+)\/?$/.exec(window.location.pathname)?.[1];
const start = sharedToken !== undefined
  ? import('@/features/shared-view/shared-view-boot').then(({ mountSharedView }) => mountSharedView(container, safeDecode(sharedToken)))
  : startApp(container);
start.catch((error: unknown) => {
  // A chunk that cannot be fetched (offline before the service worker cached it, or a stale deploy): say so
  // in the shell instead of leaving its loading line up forever.
  console.error('[prompt-runs] the app could not load', error);
  const status = container.querySelector('[role=status]');
  if (status) status.textContent = 'The app could not load. Check the connection and reload the page.';
});

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not a token anyway: the page says the link does not work
  }
}

function startApp(container: HTMLElement): Promise<void> {
  return nextTask()
    // eslint-disable-next-line no-restricted-syntax -- only runs Dexie's module in a task of its own; the data layer uses it
    .then(() => import('dexie'))
    .then(nextTask)
    .then(() => import('@/app/boot'))
    .then(async ({ App, createAppRouter, prefetchInAppPages, startData, startPwa }) => {
      // The app's modules ran in the import's task: the database's schema (Dexie parses every version's)
      // and its first queries go in a task of their own, then the PWA's listeners and the page prefetches.
      await nextTask();
      startData(window.location.pathname);
      await nextTask();
      startPwa();
      prefetchInAppPages();
      await nextTask();
      const router = createAppRouter();
      await nextTask();
      // The shell already shows this first frame, so the first render has no hurry: as a transition React
      // renders it in short slices instead of one long task, and a tap on the shell's links still gets through.
      startTransition(() => {
        createRoot(container).render(
          <StrictMode>
            <App router={router} />
          </StrictMode>,
        );
      });
    });
}
