// Library actions the basic run store lacks: put a run back in the status it had (Undo), act on many
// runs at once, and delete a run forever.
import { dropPurgedRunOrganizing } from './purge-organizing';
import type { PromptRunsDB } from '../db';
import { AppError, err, ok, type Result, type Run, type RunStatus } from '../model';
import { parseRunRecord } from '../parse-records';
import { clockFor } from '../clock';
import { archiveRun, deleteRun, restoreRun, starRun } from './runs';
import { sharedRunRefusal } from './shared-runs';
import { enqueue, toAppError } from './write';
import { messagesOfRun } from '../run-messages';

/** Undo of archive/delete/restore: the run goes back to exactly the status it had before. */
export function setRunStatus(db: PromptRunsDB, id: string, status: RunStatus): Promise<Result<Run>> {
  if (status === 'deleted') return deleteRun(db, id);
  return status === 'archived' ? archiveRun(db, id) : restoreRun(db, id);
}

export type BulkAction = 'star' | 'unstar' | 'archive' | 'delete' | 'restore';

export interface BulkOutcome {
  /** The runs changed, as they were before (so Undo can put each back). */
  changed: Run[];
  failed: AppError[];
}

/** Apply one action to each run; each run commits on its own, so one bad record does not stop the rest. */
export async function bulkRunAction(db: PromptRunsDB, ids: readonly string[], action: BulkAction): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { changed: [], failed: [] };
  const before = await db.runs.bulkGet([...ids]);
  for (const [i, id] of ids.entries()) {
    const prior = before[i];
    const result =
      action === 'star' || action === 'unstar'
        ? await starRun(db, id, action === 'star')
        : action === 'archive'
          ? await archiveRun(db, id)
          : action === 'delete'
            ? await deleteRun(db, id)
            : await restoreRun(db, id);
    if (result.ok && prior) outcome.changed.push(prior);
    else if (!result.ok) outcome.failed.push(result.error);
  }
  return outcome;
}

/** Fields a tombstone blanks, so the server copy loses the run's content too. */
const BLANKED = ['name', 'description', 'variable_values', 'current_leaf_id', 'status'] as const;

/**
 * Delete a run from the trash forever: its messages leave the device (and unsent ones are never sent),
 * and the run row stays as a blank 'deleted' tombstone, queued like any edit, so other devices and the
 * server see it deleted and emptied rather than resurrected by the next pull. `purged` hides it here.
 */
export async function purgeRun(db: PromptRunsDB, id: string): Promise<Result<void>> {
  const raw = await db.runs.get(id);
  if (!raw) return err(new AppError('not_found', 'That run no longer exists on this device.'));
  const restored = parseRunRecord(raw);
  if (!restored.ok) return err(restored.error);
  const run = restored.value;
  const refusal = sharedRunRefusal(run, { purge: true });
  if (refusal) return err(new AppError('invalid_input', refusal));
  if (run.status !== 'deleted') return err(new AppError('invalid_input', 'Only runs in the trash can be deleted forever.'));
  try {
    await db.transaction('rw', [db.runs, db.messages, db.outbox, db.meta, db.purged, db.runTags, db.runFolders, db.runVersions], async () => {
      const messageIds = (await messagesOfRun(db.messages, id).primaryKeys()) as string[];
      await db.messages.bulkDelete(messageIds);
      await db.outbox.bulkDelete(messageIds.map((m) => `messages:${m}`));
      const now = clockFor(db).nowIso();
      await db.runs.put({
        ...run,
        name: 'Deleted run',
        description: '',
        variable_values: {},
        current_leaf_id: null,
        message_count: 0,
        visible_message_count: 0,
        last_message_preview: '',
        updated_at: now,
        field_updated_at: { ...run.field_updated_at, ...Object.fromEntries(BLANKED.map((f) => [f, now])) },
      });
      await enqueue(db, { table: 'runs', rowId: id, fields: [...BLANKED] });
      await db.purged.put({ id, purged_at: now });
      await dropPurgedRunOrganizing(db, id);
    });
    return ok(undefined);
  } catch (error) {
    return err(toAppError(error));
  }
}
