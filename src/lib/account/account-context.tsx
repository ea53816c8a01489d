// React binding of the account controller: provides the active user's database to the app (through the
// app's DbProvider) and the controller to the account page and the sync badge.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { DbProvider } from '@/lib/data/db-context';
import type { PromptRunsDB } from '@sync/db';
import { createAccountController, type AccountController, type AccountState } from './account-controller';
import { loadRuntimeConfig } from '@/lib/supabase/runtime-config';

const AccountContext = createContext<AccountController | null>(null);

let appController: AccountController | null = null;
/** The app's one controller (config from /config.json, supabase-js backend). */
export function getAppAccountController(): AccountController {
  appController ??= createAccountController({
    loadConfig: () => loadRuntimeConfig(),
    createBackend: async (config) => (await import('@/lib/supabase/auth-backend')).createSupabaseAuthBackend(config),
  });
  return appController;
}

/**
 * Wrap the app with this instead of a bare DbProvider: it swaps the device database when someone signs
 * in or out, and remounts the tree below so no screen keeps showing the previous user's data. Pass `db`
 * (tests) to pin one database with accounts off, as `<DbProvider db>` did.
 */
/** A controller pinned to one database in local-only mode (tests and embeds that pass their own db). */
export function createLocalOnlyController(db: PromptRunsDB): AccountController {
  return createAccountController({
    loadConfig: async () => ({ mode: 'local-only', reason: 'This app was given its own database; accounts are off.' }),
    createBackend: () => {
      throw new Error('accounts are off');
    },
    openDatabase: () => db,
  });
}

export function AccountProvider({ controller, db, children }: { controller?: AccountController; db?: PromptRunsDB; children: ReactNode }) {
  const [active] = useState(() => controller ?? (db ? createLocalOnlyController(db) : getAppAccountController()));
  useEffect(() => {
    void active.start();
  }, [active]);
  const activeDb = useStore(active.store, (s) => s.db);
  return (
    <AccountContext.Provider value={active}>
      <DbProvider key={activeDb.name} db={activeDb}>
        {children}
      </DbProvider>
    </AccountContext.Provider>
  );
}

export function useAccountController(): AccountController {
  const controller = useContext(AccountContext);
  if (!controller) throw new Error('useAccountController() needs an <AccountProvider> above it');
  return controller;
}

export function useAccount<T>(selector: (state: AccountState) => T): T {
  return useStore(useAccountController().store, selector);
}
