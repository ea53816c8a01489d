// Route table. Pages are lazy-loaded so the first route's JS stays small; `routes` is exported so tests
// can mount the real table in a memory router.
import { createElement, isValidElement, lazy, type ComponentType } from 'react';
import { matchRoutes, Navigate, type RouteObject } from 'react-router';
import type { PromptRunsDB } from '@sync/db';
import { PromptsPageLoading } from '@/features/prompts/prompts-heading';
import { sharedPrices } from '@/lib/data/use-prices';
import { sharedUsageTotals } from '@/lib/data/use-usage-totals';
import { runWhenIdle } from '@/lib/when-idle';
import { Layout, type RouteHandle } from './layout';
import { RouteError } from './route-error';

const preloaders = new Map<ComponentType, () => Promise<ComponentType>>();

/**
 * A page whose code loads on first use, and renders at once when its code is already here (a plain
 * React.lazy suspends on every first render, even of a fetched chunk: the route then shows its loading
 * state, and React holds back the page that replaces it for up to 300 ms, during which the page's own
 * reads have not even started).
 */
function lazyPage(load: () => Promise<ComponentType>): ComponentType {
  let loaded: ComponentType | null = null;
  let pending: Promise<ComponentType> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (page) => (loaded = page),
      (error: unknown) => {
        pending = null; // a failed fetch (offline, stale deploy) is tried again on the next visit
        throw error;
      },
    ));
  const Lazy = lazy(() => preload().then((page) => ({ default: page })));
  const Page = () => createElement(loaded ?? Lazy);
  preloaders.set(Page, preload);
  return Page;
}

const PromptsPage = lazyPage(() => import('@/features/prompts/prompts-page').then((m) => m.PromptsPage));
const PromptEditorPage = lazyPage(() => import('@/features/prompts/prompt-editor-page').then((m) => m.PromptEditorPage));
const RunnerPage = lazyPage(() => import('./runner-route').then((m) => m.RunnerRoute));
const RunsPage = lazyPage(() => import('@/features/runs/runs-page').then((m) => m.RunsPage));
const AccountPage = lazyPage(() => import('@/features/account/account-page').then((m) => m.AccountPage));
const ComparePage = lazyPage(() => import('./compare-route').then((m) => m.CompareRoute));
const AnalyticsPage = lazyPage(() => {
  // Its charts' library is fetched beside the page, not once the page's code runs.
  void import('@/features/analytics/chart-setup');
  return import('@/features/analytics/analytics-page').then((m) => m.AnalyticsPage);
});
const SharedWithMePage = lazyPage(() => import('@/features/shared-runs/shared-with-me-page').then((m) => m.SharedWithMePage));
const SharedRunPage = lazyPage(() => import('@/features/shared-runs/shared-run-page').then((m) => m.SharedRunPage));
const SettingsPage = lazyPage(() => import('@/features/settings/settings-page').then((m) => m.SettingsPage));

export const routes: RouteObject[] = [
  {
    element: <Layout preload={preloadRoute} />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/ai/prompts" replace /> },
      // The start URL: its loading state is the page's own heading, the same block index.html paints first.
      { path: 'ai/prompts', element: <PromptsPage />, handle: { loading: <PromptsPageLoading /> } satisfies RouteHandle },
      { path: 'ai/prompts/new', element: <PromptEditorPage /> },
      { path: 'ai/prompts/:id/edit', element: <PromptEditorPage /> },
      // One route with an optional run id: when the first send creates the run and the URL gains its id,
      // the runner stays mounted and its stream keeps going.
      { path: 'ai/prompts/run/:id/:runId?', element: <RunnerPage /> },
      { path: 'ai/prompts/runs', element: <RunsPage /> },
      { path: 'ai/prompts/runs/compare', element: <ComparePage /> },
      { path: 'ai/prompts/runs/shared', element: <SharedWithMePage /> },
      { path: 'ai/prompts/runs/shared/:runId', element: <SharedRunPage /> },
      {
        path: 'ai/prompts/analytics',
        element: <AnalyticsPage />,
        handle: {
          prefetch: (db) => {
            sharedUsageTotals.prime(db);
            sharedPrices.prime(db);
          },
        } satisfies RouteHandle,
      },
      { path: 'ai/prompts/:id/runs', element: <RunsPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: 'account', element: <AccountPage /> },
      { path: '*', element: <RouteError notFound /> },
    ],
  },
];

/**
 * The start URL's page is fetched while the app starts (database, examples), not one round trip after,
 * and its data is read meanwhile when the route says how (its handle's `prefetch`).
 */
export function preloadStartRoute(pathname: string, db?: PromptRunsDB): void {
  preloadRoute(pathname, db);
}

/** A route's page fetched, and its data read when its handle says how (`prefetch`): at the start, or as a
 *  person is about to open it (the pointer on its link). */
export function preloadRoute(pathname: string, db?: PromptRunsDB): void {
  const matches = matchRoutes(routes, pathname) ?? [];
  const route = matches[matches.length - 1]?.route;
  const page = pathname === '/' ? PromptsPage : isValidElement(route?.element) ? route.element.type : null;
  void preloaders.get(page as ComponentType)?.().catch(() => undefined); // the route's own load reports a failure
  if (db) (route?.handle as RouteHandle | undefined)?.prefetch?.(db);
}

/**
 * The pages a person opens from inside the running app that have the most to load (the analytics page with
 * its chart library; the compare view with the runner's sessions): fetched and run when the browser is idle
 * once the app has started, so opening them runs code that is already here. Nothing of it is on the start's
 * path (see runWhenIdle), and only from the service worker's cache: a visit it did not control as it started
 * (the first one, whose worker is downloading every chunk meanwhile) or a Save-Data connection fetches
 * nothing ahead.
 */
export function prefetchInAppPages(): void {
  // Whether the worker controlled the page as it started, not 1.5 s later: on a first visit the new worker
  // claims the page (clientsClaim) once it has cached every chunk, often within those seconds, and the
  // pages fetched and run then were long tasks of that first start (in Lighthouse's runs, the bad ones).
  const controlled = Boolean(navigator.serviceWorker?.controller);
  runWhenIdle([AnalyticsPage, ComparePage].map((page) => () => preloaders.get(page)?.()), {
    when: () => controlled && !(navigator as { connection?: { saveData?: boolean } }).connection?.saveData,
  });
}
