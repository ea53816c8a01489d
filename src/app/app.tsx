// The app: database provider, first-start tasks and the router.
import { useEffect, useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ensureExamplePrompts } from '@sync/index';
import type { PromptRunsDB } from '@sync/db';
import { DbProvider, useDb } from './db-context';
import { routes } from './routes';

function StartupTasks() {
  const db = useDb();
  useEffect(() => {
    ensureExamplePrompts(db).catch((error: unknown) => {
      // Not fatal: the library still works, it just starts empty.
      console.warn('[prompt-runs] could not add the example prompts', error);
    });
  }, [db]);
  return null;
}

export function App({ db }: { db?: PromptRunsDB }) {
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <DbProvider db={db}>
      <StartupTasks />
      <RouterProvider router={router} />
    </DbProvider>
  );
}
