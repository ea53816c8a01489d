// The app frame: a sticky top bar (links and widgets from header-slots) and the routed page below.
import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { headerLinks, headerWidgets } from './header-slots';
import { PageLoading } from '@/components/ui/page-loading';

export function Layout() {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-5xl items-center gap-1 px-2 sm:px-4">
          <span className="mr-2 hidden font-semibold text-slate-800 sm:inline">prompt-runs</span>
          <nav aria-label="Main" className="flex items-center gap-1 overflow-x-auto">
            {headerLinks.map((link) => (
              <NavLink
                key={link.to}
                to={link.to}
                className={({ isActive }) =>
                  `inline-flex min-h-11 items-center rounded-md px-3 text-sm font-medium ${
                    isActive ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-100'
                  }`
                }
              >
                {link.label}
              </NavLink>
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
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
