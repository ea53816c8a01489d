// The shared page's own start (main.tsx picks it for /s/<token>): no router, no account, no database;
// the service worker is registered so the page itself opens offline next time.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SharedViewPage } from './shared-view-page';

export function mountSharedView(container: HTMLElement, token: string): void {
  // The token is in the URL: links in a shared conversation must not pass it on as a referrer.
  const referrer = document.createElement('meta');
  referrer.name = 'referrer';
  referrer.content = 'no-referrer';
  document.head.append(referrer);
  document.title = 'Shared run · prompt-runs';
  createRoot(container).render(
    <StrictMode>
      <SharedViewPage token={token} />
    </StrictMode>,
  );
  if (!import.meta.env.DEV) {
    const register = () => void import('@/pwa/service-worker').then((m) => m.registerServiceWorker());
    if (document.readyState === 'complete') register();
    else window.addEventListener('load', register, { once: true });
  }
}
