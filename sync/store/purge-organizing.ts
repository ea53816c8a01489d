// A run deleted forever takes its tags, filing and name history with it (names are content), queued or
// not: the server drops them at the purge, so every device does too (store's purge, engine's pull).
import type { PromptRunsDB } from '../db';

/** A run deleted forever: its links, filing and versions leave this device too, queued or not. */
export async function dropPurgedRunOrganizing(db: PromptRunsDB, runId: string): Promise<void> {
  const [tagKeys, versionIds] = await Promise.all([
    db.runTags.where('run_id').equals(runId).primaryKeys(),
    db.runVersions.where('[run_id+created_at]').between([runId, ''], [runId, '\uffff']).primaryKeys(),
  ]);
  await Promise.all([
    db.runTags.bulkDelete(tagKeys),
    db.runFolders.delete(runId),
    db.runVersions.bulkDelete(versionIds),
    db.outbox.bulkDelete([
      ...tagKeys.map((k) => `runTags:${(k as unknown as string[]).join('/')}`),
      `runFolders:${runId}`,
      ...versionIds.map((id) => `runVersions:${String(id)}`),
    ]),
  ]);
}
