// The device database for the React tree. Components reach Dexie only through sync/ store functions,
// passing the db they get here; tests hand in their own fake-indexeddb database.
import { createContext, useContext, useState, type ReactNode } from 'react';
import { openDatabase, type PromptRunsDB } from '@sync/db';

const DbContext = createContext<PromptRunsDB | null>(null);

export function DbProvider({ db, children }: { db?: PromptRunsDB; children: ReactNode }) {
  // Opened once per provider; the account feature swaps the provider's `db` per signed-in user.
  const [fallback] = useState(() => (db ? null : openDatabase(null)));
  const value = db ?? fallback;
  return <DbContext.Provider value={value}>{children}</DbContext.Provider>;
}

export function useDb(): PromptRunsDB {
  const db = useContext(DbContext);
  if (!db) throw new Error('useDb() needs a <DbProvider> above it');
  return db;
}

/** The database when the tree has one: the app frame also renders without (index.html's shell is made from it). */
export function useOptionalDb(): PromptRunsDB | null {
  return useContext(DbContext);
}
