// The app: the account (which picks the device database of the signed-in user), first-start tasks
// (awaited by the routed page only, see startup.tsx) and the router.
import { useEffect, useState, type ReactNode } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import type { PromptRunsDB } from '@sync/db';
import { AccountProvider } from '@/lib/account/account-context';
import { useDb } from '@/lib/data/db-context';
import { followThemeChanges } from '@/lib/theme';
import { routes } from './routes';
import { StartupProvider, startupTasks } from './startup';

/** Hands the routed pages the first-start tasks of the active database (see startup.tsx). */
function StartupGate({ children }: { children: ReactNode }) {
  const db = useDb();
  return <StartupProvider value={startupTasks(db)}>{children}</StartupProvider>;
}

/** The app's router. Creating it reads sessionStorage and compiles every route, so main.tsx does it in a
 *  task of its own before the first render (inside the render it made one of start-up's longest tasks). */
export function createAppRouter() {
  return createBrowserRouter(routes);
}

export function App({ db, router: given }: { db?: PromptRunsDB; router?: ReturnType<typeof createAppRouter> }) {
  const [router] = useState(() => given ?? createAppRouter());
  useEffect(followThemeChanges, []); // a theme chosen in another tab applies here too
  return (
    <AccountProvider {...(db ? { db } : {})}>
      <StartupGate>
        <RouterProvider router={router} />
      </StartupGate>
    </AccountProvider>
  );
}
