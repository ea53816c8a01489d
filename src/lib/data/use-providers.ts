// Live views of the device's providers and default model: they re-render when settings change in any tab.
import { useDb } from './db-context';
import { useLiveData } from './use-live-data';
import { getDefaultModel, listProviders, type ModelRef } from '@/lib/llm/providers-store';
import type { ProviderConfig } from '@/lib/llm/types';

/** `undefined` while the first read is in flight. */
export function useProviders(): ProviderConfig[] | undefined {
  const db = useDb();
  return useLiveData(() => listProviders(db), [db]);
}

export function useDefaultModel(): ModelRef | undefined {
  const db = useDb();
  return useLiveData(() => getDefaultModel(db), [db]);
}
