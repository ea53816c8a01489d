// Live views of the device's prompts.
import { getPrompt, listPrompts } from '@sync/store/prompts';
import type { Prompt } from '@sync/model';
import { useDb } from './db-context';
import { useLiveData } from './use-live-data';

/** Every prompt not deleted, newest first; `[]` when not `wanted` (the query then never runs). */
export function usePrompts(wanted = true): Prompt[] | undefined {
  const db = useDb();
  return useLiveData(() => (wanted ? listPrompts(db) : []), [db, wanted]);
}

/** One prompt; `null` when there is no such prompt (or no id), `undefined` while loading. */
export function usePrompt(id: string | undefined): Prompt | null | undefined {
  const db = useDb();
  return useLiveData(() => (id ? getPrompt(db, id) : null), [db, id]);
}
