// Route table. Pages are lazy-loaded so the first route's JS stays small; `routes` is exported so tests
// can mount the real table in a memory router.
import { lazy } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { PromptsPageLoading } from '@/features/prompts/prompts-heading';
import { Layout, type RouteHandle } from './layout';
import { RouteError } from './route-error';

const loadPromptsPage = () => import('@/features/prompts/prompts-page');
const PromptsPage = lazy(() => loadPromptsPage().then((m) => ({ default: m.PromptsPage })));

/** The start URL's page is fetched while the app starts (database, examples), not one round trip after. */
export function preloadStartRoute(pathname: string): void {
  if (pathname === '/' || pathname === '/ai/prompts') void loadPromptsPage();
}
const PromptEditorPage = lazy(() =>
  import('@/features/prompts/prompt-editor-page').then((m) => ({ default: m.PromptEditorPage })),
);
const RunnerPage = lazy(() => import('./runner-route').then((m) => ({ default: m.RunnerRoute })));
const RunsPage = lazy(() => import('@/features/runs/runs-page').then((m) => ({ default: m.RunsPage })));
const AccountPage = lazy(() => import('@/features/account/account-page').then((m) => ({ default: m.AccountPage })));
const ComparePage = lazy(() => import('./compare-route').then((m) => ({ default: m.CompareRoute })));
const AnalyticsPage = lazy(() => import('@/features/analytics/analytics-page').then((m) => ({ default: m.AnalyticsPage })));
const SharedWithMePage = lazy(() => import('@/features/shared-runs/shared-with-me-page').then((m) => ({ default: m.SharedWithMePage })));
const SharedRunPage = lazy(() => import('@/features/shared-runs/shared-run-page').then((m) => ({ default: m.SharedRunPage })));
const SettingsPage = lazy(() => import('@/features/settings/settings-page').then((m) => ({ default: m.SettingsPage })));

export const routes: RouteObject[] = [
  {
    element: <Layout />,
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
      { path: 'ai/prompts/analytics', element: <AnalyticsPage /> },
      { path: 'ai/prompts/:id/runs', element: <RunsPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: 'account', element: <AccountPage /> },
      { path: '*', element: <RouteError notFound /> },
    ],
  },
];
