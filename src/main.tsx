// Entry point: mounts the app over index.html's static app shell. Everything route-specific is lazy-loaded
// from src/app/routes.tsx.
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing the #root element');

// Two steps, so no single task compiles and runs all of the first route's code (on a slow phone that is one
// long freeze): React now, the app (router, Dexie, account, PWA) once ./app/boot has run in a task of its
// own. index.html's loader fetches both graphs in parallel, so the split costs no extra round trip; the
// timer makes it a new task (already fetched, the import would otherwise run in this one's microtasks).
new Promise((resolve) => setTimeout(resolve, 0))
  .then(() => import('@/app/boot'))
  .then(({ App, preloadStartRoute, startPwa }) => {
    preloadStartRoute(window.location.pathname);
    startPwa();
    // The shell already shows this first frame, so the first render has no hurry: as a transition React
    // renders it in short slices instead of one long task, and a tap on the shell's links still gets through.
    startTransition(() => {
      createRoot(container).render(
        <StrictMode>
          <App />
        </StrictMode>,
      );
    });
  })
  .catch((error: unknown) => {
    // A chunk that cannot be fetched (offline before the service worker cached it, or a stale deploy): say so
    // in the shell instead of leaving its loading line up forever.
    console.error('[prompt-runs] the app could not load', error);
    const status = container.querySelector('[role=status]');
    if (status) status.textContent = 'The app could not load. Check the connection and reload the page.';
  });
