// The one place the UI meets Dexie's live queries (components read data through the hooks in this folder,
// never through the database library): the query re-runs whenever a table it read changes, in any tab.
import type { DependencyList } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';

/** The query's latest answer; `undefined` while the first one is in flight. */
export function useLiveData<T>(query: () => Promise<T> | T, deps: DependencyList): T | undefined {
  return useLiveQuery(query, [...deps]);
}
