// First-start tasks (the example prompts) as a promise the routed page waits for, while the app frame
// (header, badges) paints at once: the first paint no longer waits for IndexedDB.
import { createContext, startTransition, useContext, useEffect, useState, type ReactNode } from 'react';
import { ensureExamplePrompts } from '@sync/store/example-prompts';
import type { PromptRunsDB } from '@sync/db';
import { PageLoading } from '@/components/ui/page-loading';

const tasks = new WeakMap<PromptRunsDB, Promise<void>>();

/** Started once per database (StrictMode renders twice; a remount after sign-in reuses it). */
export function startupTasks(db: PromptRunsDB): Promise<void> {
  let pending = tasks.get(db);
  if (!pending) {
    pending = ensureExamplePrompts(db).catch((error: unknown) => {
      // Not fatal: the library still works, it just starts empty.
      console.warn('[prompt-runs] could not add the example prompts', error);
    });
    tasks.set(db, pending);
  }
  return pending;
}

const StartupContext = createContext<Promise<void> | null>(null);
export const StartupProvider = StartupContext.Provider;

/**
 * Renders its children once the first-start tasks are done, so a deep link to an example prompt on a fresh
 * device finds it; the route's loading state meanwhile. No provider: no waiting.
 */
export function AfterStartup({ children, fallback = <PageLoading /> }: { children: ReactNode; fallback?: ReactNode }) {
  const pending = useContext(StartupContext);
  const [done, setDone] = useState<Promise<void> | null>(null);
  useEffect(() => {
    let live = true;
    // As a transition: a page whose code is still loading keeps this fallback on screen rather than
    // showing the Suspense one, whose replacement React would hold back for up to 300 ms.
    void pending?.then(() => live && startTransition(() => setDone(pending)));
    return () => {
      live = false;
    };
  }, [pending]);
  return pending && done !== pending ? fallback : children;
}
