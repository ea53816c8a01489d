// "Shared with me" from the device: runs other people shared with the signed-in person, as sync stores them.
import { listSharedRuns, type SharedRun } from '@sync/store/shared-runs';
import { useDb } from './db-context';
import { useLiveData } from './use-live-data';

export type { SharedRun };

/** Newest activity first; a run its owner put in the trash is left out. Undefined while reading. */
export function useSharedRuns(): SharedRun[] | undefined {
  const db = useDb();
  return useLiveData(() => listSharedRuns(db), [db]);
}
