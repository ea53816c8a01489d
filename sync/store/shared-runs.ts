// Runs someone else owns and shared with the signed-in person, on this device: what they may change (the
// store refuses the rest before anything is queued, in the words the server would use), and the list of
// them ("Shared with me"), read from local data so it works offline.
import type { PromptRunsDB } from '../db';
import { AppError, type Run, type RunSharing, type RunStatus } from '../model';
import { parseRecords, parseRunRecord } from '../parse-records';

export type SharedRun = Run & { shared: RunSharing };
export type RunAccess = 'owner' | 'editor' | 'viewer';

/** Index of runs shared with the person (Dexie v13); a run of their own has no `shared` and is not in it. */
export const SHARED_INDEX = 'shared.role';

/** What an editor may change besides appending messages (star and pin are everyone's own). */
const EDITOR_FIELDS: readonly string[] = ['name', 'description', 'current_leaf_id', 'settings'];
const PERSONAL_FIELDS: readonly string[] = ['is_starred', 'is_pinned'];

export const isSharedRun = (run: Pick<Run, 'shared'>): run is SharedRun => !!run.shared;

export function runAccess(run: Pick<Run, 'shared'>): RunAccess {
  return run.shared ? run.shared.role : 'owner';
}

/** A change to a run, as the store is about to make it. */
export interface RunChange {
  fields?: readonly string[];
  /** Messages added to the conversation. */
  append?: boolean;
  /** Delete forever. */
  purge?: boolean;
}

const OWNER_ONLY: Record<string, string> = {
  status: 'archive, delete or restore it',
  variable_values: 'change its variables',
  prompt_version_id: 'change its prompt version',
};

/** Why the person may not make `change` to `run` (shown as is), or null when they may. */
export function sharedRunRefusal(run: Pick<Run, 'shared' | 'name'>, change: RunChange): string | null {
  const access = runAccess(run);
  if (access === 'owner') return null;
  const fields = (change.fields ?? []).filter((f) => !PERSONAL_FIELDS.includes(f));
  if (access === 'viewer') {
    return fields.length > 0 || change.append || change.purge ? `“${run.name}” is shared with you to read: its owner has not let you change it.` : null;
  }
  if (change.purge) return `“${run.name}” is shared with you: only its owner can delete it forever.`;
  const denied = fields.find((f) => !EDITOR_FIELDS.includes(f));
  return denied ? `“${run.name}” is shared with you: only its owner can ${OWNER_ONLY[denied] ?? `change its ${denied.replace(/_/g, ' ')}`}.` : null;
}

/** Throws the refusal (inside a store mutation: nothing is written or queued). */
export function assertMayChange(run: Pick<Run, 'shared' | 'name'>, change: RunChange): void {
  const refusal = sharedRunRefusal(run, change);
  if (refusal) throw new AppError('invalid_input', refusal);
}

/** Every run shared with me, raw, off the index (a Dexie promise: awaited in a live query, later reads stay watched). */
export const sharedRunRows = (db: PromptRunsDB) => db.runs.where(SHARED_INDEX).anyOf('viewer', 'editor').toArray();

/**
 * "Shared with me": runs others shared with the person, newest activity first, from this device alone.
 * A run its owner put in the trash is left out unless asked for (the person cannot act on it).
 */
export async function listSharedRuns(db: PromptRunsDB, options: { statuses?: readonly RunStatus[] } = {}): Promise<SharedRun[]> {
  const statuses = options.statuses ?? ['active', 'archived'];
  const rows = await sharedRunRows(db);
  const { valid } = parseRecords(rows, parseRunRecord);
  return valid
    .filter((run): run is SharedRun => isSharedRun(run) && statuses.includes(run.status))
    .sort((a, b) => (a.last_message_at < b.last_message_at ? 1 : a.last_message_at > b.last_message_at ? -1 : a.id < b.id ? -1 : 1));
}
