// React binding of the account controller: provides the active user's database to the app (through the
// app's DbProvider) and the controller to the account page and the sync badge.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { DbProvider } from '@/app/db-context';
import { createAccountController, type AccountController, type AccountState } from './account-controller';
import { createSupabaseAuthBackend } from './auth-backend';
import { loadRuntimeConfig } from './runtime-config';

const AccountContext = createContext<AccountController | null>(null);

let appController: AccountController | null = null;
/** The app's one controller (config from /config.json, supabase-js backend). */
export function getAppAccountController(): AccountController {
  appController ??= createAccountController({ loadConfig: () => loadRuntimeConfig(), createBackend: createSupabaseAuthBackend });
  return appController;
}

/**
 * Wrap the app with this instead of a bare DbProvider: it swaps the device database when someone signs
 * in or out, and remounts the tree below so no screen keeps showing the previous user's data.
 */
export function AccountProvider({ controller, children }: { controller?: AccountController; children: ReactNode }) {
  const [active] = useState(() => controller ?? getAppAccountController());
  useEffect(() => {
    void active.start();
  }, [active]);
  const db = useStore(active.store, (s) => s.db);
  return (
    <AccountContext.Provider value={active}>
      <DbProvider key={db.name} db={db}>
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
