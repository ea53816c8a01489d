// Live views of saved runs beyond the paged list (which use-run-list.ts in the runs feature keeps).
import { listRunModels, readRunDetails, type RunModel } from '@sync/store/run-queries';
import { countActiveRuns } from '@sync/store/own-prompt-runs';
import { useDb } from './db-context';
import { useLiveData } from './use-live-data';
import { sharedLiveQuery, useSharedLiveQuery } from './shared-live-query';

/** How many active runs a prompt has (0 without a prompt id). */
export function useActiveRunCount(promptId: string | undefined): number | undefined {
  const db = useDb();
  return useLiveData(() => (promptId ? countActiveRuns(db, promptId) : 0), [db, promptId]);
}

/**
 * The models any saved run used, most used first: one live query per database, shared by every reader (a
 * toolbar shows it twice, the sidebar's toolbar too), since it counts every run again after each write of runs.
 */
export const sharedRunModels = sharedLiveQuery((db) => listRunModels(db), { what: 'the models of saved runs; the model filter lists none' });

export function useRunModels(): RunModel[] | undefined {
  return useSharedLiveQuery(sharedRunModels);
}

/** A run with its messages and prompt, for the details dialog. */
export function useRunDetails(runId: string) {
  const db = useDb();
  return useLiveData(() => readRunDetails(db, runId), [db, runId]);
}

/** A run's name and prompt (for links to it), null once it is gone; undefined while reading. */
export function useRunLink(runId: string | null | undefined) {
  const db = useDb();
  return useLiveData(async () => {
    if (!runId) return null;
    const run = await db.runs.get(runId);
    return run && !(await db.purged.get(runId)) ? { id: run.id, name: run.name, prompt_id: run.prompt_id } : null;
  }, [db, runId]);
}
