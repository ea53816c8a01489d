// Reads the messages of runs the search indexer indexes whole (a first sync's, an import's).
import type { Message, Run } from '../model';
import { messagesOfRun, runRange } from '../run-messages';
import type { SearchIndexTables } from './search-tables';

/**
 * Messages one read fetches at most. Its rows are deserialized in one task on the page's thread: a pass's
 * 10,000 messages read at once made a task of ~210 ms, under a trace, at the end of a 3,000-run first sync.
 */
export const READ_MESSAGES = 1_000;

/**
 * Runs marked whole sit next to each other in id order when a first sync or an import marked them all, so
 * one ranged read over the index usually fetches a group of them, bounded by their message counts; when
 * that bound is hit (runs between them with messages, or a count behind), each run is read alone.
 */
async function readGroup(db: SearchIndexTables, work: readonly { runId: string }[], runs: ReadonlyMap<string, Run>): Promise<Message[]> {
  const ids = work.map((w) => w.runId);
  const each = () => Promise.all(ids.map((id) => messagesOfRun(db.messages, id).toArray())).then((lists) => lists.flat());
  if (work.length === 1 || work.some((w) => !runs.has(w.runId))) return each();
  const expected = ids.reduce((n, id) => n + runs.get(id)!.message_count, 0);
  const limit = expected + 64 + (expected >> 3);
  const wanted = new Set(ids);
  const found = await db.messages.where('[runId+createdAt]').between(runRange(ids[0]!)[0], runRange(ids[ids.length - 1]!)[1], true, true).limit(limit).toArray();
  if (found.length >= limit) return each();
  return found.filter((m) => wanted.has(m.runId));
}

/** Every message of these runs, in their order, in reads of about READ_MESSAGES messages (all in flight at once). */
export async function readWholeRuns(db: SearchIndexTables, work: readonly { runId: string }[], runs: ReadonlyMap<string, Run>): Promise<Message[]> {
  const groups: Array<Array<{ runId: string }>> = [];
  let held = Infinity;
  for (const w of work) {
    const count = runs.get(w.runId)?.message_count ?? READ_MESSAGES;
    if (held + count > READ_MESSAGES) {
      groups.push([]);
      held = 0;
    }
    groups[groups.length - 1]!.push(w);
    held += count;
  }
  return (await Promise.all(groups.map((group) => readGroup(db, group, runs)))).flat();
}
