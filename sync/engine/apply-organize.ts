// The organizing kinds of a pulled page (protocol 3), inside apply-pull's transaction: tags, folders, tag
// links and filing take the server's row with this device's unacknowledged fields on top (rebaseOnServer,
// as prompts and runs do); versions are append-only, the server's copy wins. A run deleted forever takes
// its links, filing and versions with it, as on the server.
import type { PromptRunsDB } from '../db';
import { rebaseOnServer } from '../merge';
import type { OrganizeTable } from '../model';
import { parseOrganizeRow, type PulledOrganizeArray } from '../parse-organize';
import { PULLED_ORGANIZE_ARRAYS, type PullResponse } from '../protocol';
export { dropPurgedRunOrganizing } from '../store/purge-organizing';

export type OrganizeRows = Pick<PullResponse, PulledOrganizeArray>;

/** Every table applyRows writes, for callers that wrap it in a transaction of their own (the snapshot). */
export const pullTables = (db: PromptRunsDB) => [
  db.prompts, db.runs, db.messages, db.outbox, db.meta, db.purged,
  db.tags, db.folders, db.runTags, db.promptTags, db.runFolders, db.promptVersions, db.runVersions,
  // A shared run leaving this device (apply-removals.ts) takes its first-sync queue row and placeholder totals.
  db.snapshotQueue, db.usageTotals,
];

type Pending = (outboxKey: string, letterId: string) => Promise<Set<string>>;
type Park = (kind: PulledOrganizeArray, raw: unknown, problem: string) => Promise<void>;

/** The outbox key's row id and the dead letter's, for one row of a kind. */
function keysOf(kind: PulledOrganizeArray, row: Record<string, unknown>): string {
  if (kind === 'run_tags') return `${String(row.run_id)}/${String(row.tag_id)}`;
  if (kind === 'prompt_tags') return `${String(row.prompt_id)}/${String(row.tag_id)}`;
  if (kind === 'run_folders') return String(row.run_id);
  return String(row.id);
}

/** Applies the page's organizing rows; returns how many were applied. */
export async function applyOrganizeRows(db: PromptRunsDB, page: Partial<OrganizeRows>, purged: ReadonlySet<string>, pending: Pending, park: Park): Promise<number> {
  let applied = 0;
  for (const kind of Object.keys(PULLED_ORGANIZE_ARRAYS) as PulledOrganizeArray[]) {
    const table = PULLED_ORGANIZE_ARRAYS[kind] as OrganizeTable;
    for (const raw of page[kind] ?? []) {
      const parsed = parseOrganizeRow(kind, raw);
      if (!parsed.ok) {
        await park(kind, raw, parsed.problem);
        continue;
      }
      const remote = parsed.value as unknown as Record<string, unknown>;
      const runId = typeof remote.run_id === 'string' ? remote.run_id : null;
      if (runId && (purged.has(runId) || (await db.purged.get(runId)))) continue;
      if (kind === 'prompt_versions' || kind === 'run_versions') {
        await db.table(table).put(remote);
      } else {
        const rowId = keysOf(kind, remote);
        const dexieKey = kind === 'run_tags' || kind === 'prompt_tags' ? rowId.split('/') : rowId;
        const local = (await db.table(table).get(dexieKey)) as typeof remote | undefined;
        const fields = await pending(`${table}:${rowId}`, `${kind}:${rowId}`);
        type Clocked = { updated_at: string; field_updated_at: Record<string, string> };
        await db.table(table).put(local ? rebaseOnServer(local as unknown as Clocked, remote as unknown as Clocked, fields) : remote);
      }
      applied += 1;
    }
  }
  return applied;
}
