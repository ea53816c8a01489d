// The app frame: a sticky top bar (links and widgets from header-slots) and the routed page below.
import { lazy, Suspense, type ReactNode } from 'react';
import type { PromptRunsDB } from '@sync/db';
import { Link, Outlet, useLocation, useMatches } from 'react-router';
import { headerLinks, headerWidgets, type HeaderLink } from './header-slots';
import { PageLoading } from '@/components/ui/page-loading';
import { useOptionalDb } from '@/lib/data/db-context';
import { AfterStartup } from './startup';
import { RunsSidebarToggle } from '@/features/runs/runs-sidebar-toggle';
import { useRunsSidebar, WIDE_QUERY } from '@/features/runs/runs-sidebar-state';
import { useMediaQuery } from '@/features/runs/use-media-query';

const AppRunsSidebar = lazy(() => import('@/features/runs/app-runs-sidebar').then((m) => ({ default: m.AppRunsSidebar })));

/**
 * The link of the section the page belongs to: one that claims the path outright (a run open in the
 * runner is in "Runs"), else the one whose path is the longest prefix ('/ai/prompts/runs' beats '/ai/prompts').
 */
export function activeLink<T extends Pick<HeaderLink, 'to' | 'includes'>>(pathname: string, links: readonly T[]): T | undefined {
  return (
    links.find((link) => link.includes?.test(pathname)) ??
    links
      .filter((link) => pathname === link.to || pathname.startsWith(`${link.to}/`))
      .sort((a, b) => b.to.length - a.to.length)[0]
  );
}

/** A nav link: on a phone a small tab (icon over a short label, a 44 px target) so all five fit beside the
 *  header's widgets at 360 px (the install offer moves to Settings there); from 640 px the label sits
 *  beside its icon. */
const NAV_LINK =
  'inline-flex min-h-11 min-w-11 flex-col items-center justify-center gap-0.5 rounded-md px-1 text-[11px] leading-none tracking-tight sm:tracking-normal ' +
  'font-medium sm:flex-row sm:gap-1.5 sm:px-3 sm:text-sm';

/** What a route may declare in its `handle`: its own loading state (else the generic loading line), and
 *  reads of its data to start while the app starts when the app opens on it (routes.tsx). */
export interface RouteHandle {
  loading?: ReactNode;
  prefetch?: (db: PromptRunsDB) => void;
}

/** Starts loading a route's page and data (routes.tsx passes its `preloadRoute`). */
export type RoutePreloader = (pathname: string, db?: PromptRunsDB) => void;

export function Layout({ preload }: { preload?: RoutePreloader }) {
  const db = useOptionalDb() ?? undefined;
  const { pathname } = useLocation();
  const active = activeLink(pathname, headerLinks);
  const matches = useMatches();
  const route = matches[matches.length - 1];
  const loading = (route?.handle as RouteHandle | undefined)?.loading ?? <PageLoading />;
  // The wide-screen runs sidebar, beside every page while open; the prompt and run in view, if any.
  const sidebar = useRunsSidebar();
  const wide = useMediaQuery(WIDE_QUERY);
  const inPrompts = pathname.startsWith('/ai/prompts/');
  const promptId = inPrompts ? (route?.params.id ?? null) : null;
  const runId = inPrompts ? (route?.params.runId ?? null) : null;
  // The runs pages are the library itself: no second list beside them.
  const library = /^\/ai\/prompts\/(?:[^/]+\/)?runs(?:\/|$)/.test(pathname);
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-5xl items-center gap-1 px-2 sm:px-4">
          <RunsSidebarToggle onList={library} />
          <span className="mr-2 hidden font-semibold text-slate-800 lg:inline">prompt-runs</span>
          <nav aria-label="Main" className="flex min-w-0 items-center gap-0 sm:gap-1">
            {headerLinks.map(({ to, label, icon: Icon }) => (
              <Link
                key={to}
                to={to}
                aria-current={to === active?.to ? 'page' : undefined}
                // The page's code and data start loading as the pointer reaches the link (or it takes focus),
                // not only once the click lands: a press takes a few tens of ms, a hover more.
                onPointerEnter={() => preload?.(to, db)}
                onFocus={() => preload?.(to, db)}
                className={`${NAV_LINK} ${to === active?.to ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
              >
                <Icon className="size-4 shrink-0" aria-hidden="true" />
                {label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex shrink-0 items-center gap-1">
            {headerWidgets.map(({ id, Component }) => (
              <Component key={id} />
            ))}
          </div>
        </div>
      </header>
      <div className="flex min-h-0 flex-1">
        {wide && sidebar.open && !library ? (
          <Suspense fallback={<div className="w-[300px] shrink-0 border-r border-slate-200 bg-white" />}>
            <AppRunsSidebar promptId={promptId} currentRunId={runId} />
          </Suspense>
        ) : null}
        <main className="mx-auto flex w-full max-w-5xl min-h-0 min-w-0 flex-1 flex-col">
          <Suspense fallback={loading}>
            <AfterStartup fallback={loading}>
              <Outlet />
            </AfterStartup>
          </Suspense>
        </main>
      </div>
    </div>
  );
}
