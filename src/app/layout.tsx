// The app frame: a sticky top bar (links and widgets from header-slots) and the routed page below.
import { Suspense, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useMatches } from 'react-router';
import { headerLinks, headerWidgets, type HeaderLink } from './header-slots';
import { PageLoading } from '@/components/ui/page-loading';
import { AfterStartup } from './startup';

/** The link whose path is the longest prefix of the current one ('/ai/prompts/runs' beats '/ai/prompts'). */
export function activeLink(pathname: string, links: readonly HeaderLink[]): HeaderLink | undefined {
  return links
    .filter((link) => pathname === link.to || pathname.startsWith(`${link.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0];
}

/** What a route may declare in its `handle`: its own loading state (else the generic loading line). */
export interface RouteHandle {
  loading?: ReactNode;
}

export function Layout() {
  const { pathname } = useLocation();
  const active = activeLink(pathname, headerLinks);
  const matches = useMatches();
  const loading = (matches[matches.length - 1]?.handle as RouteHandle | undefined)?.loading ?? <PageLoading />;
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-5xl items-center gap-1 px-2 sm:px-4">
          <span className="mr-2 hidden font-semibold text-slate-800 sm:inline">prompt-runs</span>
          <nav aria-label="Main" className="flex items-center gap-1 overflow-x-auto">
            {headerLinks.map((link) => (
              <Link
                key={link.to}
                to={link.to}
                aria-current={link === active ? 'page' : undefined}
                className={`inline-flex min-h-11 items-center rounded-md px-3 text-sm font-medium ${
                  link === active ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-100'
                }`}
              >
                {link.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-2">
            {headerWidgets.map(({ id, Component }) => (
              <Component key={id} />
            ))}
          </div>
        </div>
      </header>
      <main className="mx-auto flex w-full max-w-5xl min-h-0 flex-1 flex-col">
        <Suspense fallback={loading}>
          <AfterStartup fallback={loading}>
            <Outlet />
          </AfterStartup>
        </Suspense>
      </main>
    </div>
  );
}
