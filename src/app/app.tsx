// The app: the account (which picks the device database of the signed-in user), first-start tasks
// and the router.
import { useEffect, useState, type ReactNode } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ensureExamplePrompts } from '@sync/index';
import type { PromptRunsDB } from '@sync/db';
import { AccountProvider } from '@/features/account/account-context';
import { useDb } from './db-context';
import { routes } from './routes';

/**
 * First-start tasks finish before the routes render, so a deep link to an example prompt on a fresh
 * device finds it (one small IndexedDB transaction; later starts skip it at once).
 */
function StartupGate({ children }: { children: ReactNode }) {
  const db = useDb();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    ensureExamplePrompts(db)
      .catch((error: unknown) => {
        // Not fatal: the library still works, it just starts empty.
        console.warn('[prompt-runs] could not add the example prompts', error);
      })
      .finally(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [db]);
  return ready ? children : null;
}

export function App({ db }: { db?: PromptRunsDB }) {
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <AccountProvider {...(db ? { db } : {})}>
      <StartupGate>
        <RouterProvider router={router} />
      </StartupGate>
    </AccountProvider>
  );
}
