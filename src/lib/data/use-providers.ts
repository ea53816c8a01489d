// Live views of the device's providers and default model: they re-render when settings change in any tab.
import { useLiveQuery } from 'dexie-react-hooks';
import { useDb } from '@/lib/data/db-context';
import { getDefaultModel, listProviders, type ModelRef } from '@/lib/llm/providers-store';
import type { ProviderConfig } from '@/lib/llm/types';

/** `undefined` while the first read is in flight. */
export function useProviders(): ProviderConfig[] | undefined {
  const db = useDb();
  return useLiveQuery(() => listProviders(db), [db]);
}

export function useDefaultModel(): ModelRef | undefined {
  const db = useDb();
  return useLiveQuery(() => getDefaultModel(db), [db]);
}
