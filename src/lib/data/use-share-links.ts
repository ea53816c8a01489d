// The owner's share links of one run, live (a link made, synced or revoked in any tab shows at once).
import { listShareLinks } from '@sync/store/shares';
import { useDb } from './db-context';
import { useLiveData } from './use-live-data';

export function useShareLinks(runId: string) {
  const db = useDb();
  return useLiveData(() => listShareLinks(db, runId), [db, runId]);
}
