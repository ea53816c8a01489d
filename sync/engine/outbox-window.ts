// What one push call reads of the outbox. The kinds that shape a whole batch (prompts go before the runs
// that name them; tags, folders, links and versions: build-organize.ts) are few and read whole. Runs and
// their messages, which an import or a long offline spell makes by the hundred thousand, are read in seq
// order only as far as one batch can take: a call reads O(batch), not the whole queue, so pushing N
// entries costs O(N), not O(N²).
import type { PromptRunsDB } from '../db';
import type { OutboxEntry } from '../model';

/** Entries read per IndexedDB request while walking the queue. */
const PAGE = 500;

export interface RunGroup {
  run?: OutboxEntry;
  /** In seq order: a run's messages go in the order they were written (a parent before its reply). */
  messages: OutboxEntry[];
}

/** Every queued entry that is neither a run nor a message, in seq order. */
export async function otherEntries(db: PromptRunsDB): Promise<OutboxEntry[]> {
  const entries = await db.outbox.where('table').noneOf(['runs', 'messages']).toArray();
  return entries.sort((a, b) => a.seq - b.seq);
}

/**
 * Walks the runs' and messages' entries in seq order, a window at a time. A run's own entry goes with the
 * first window holding any of its entries, wherever it sits in the queue (a run renamed after its messages
 * were written has a later seq than they do, and its insert must come with them). Each entry is handed out
 * once per walk, even when a write moves it further along the queue meanwhile.
 */
export function walkRunEntries(db: PromptRunsDB) {
  let after: number | null = null;
  let done = false;
  const seen = new Set<string>();
  return {
    /** The groups of the next `want` entries or so (first entry's order); `more` when entries remain. */
    async next(want: number): Promise<{ groups: Map<string, RunGroup>; more: boolean }> {
      const groups = new Map<string, RunGroup>();
      let taken = 0;
      while (!done && taken < want) {
        const from = after;
        const page = await (from === null ? db.outbox.orderBy('seq') : db.outbox.where('seq').above(from)).limit(PAGE).toArray();
        if (page.length < PAGE) done = true;
        for (const entry of page) {
          after = entry.seq;
          if ((entry.table !== 'runs' && entry.table !== 'messages') || seen.has(entry.key)) continue;
          seen.add(entry.key);
          taken += 1;
          const runId = entry.table === 'runs' ? entry.rowId : entry.runId ?? '';
          const group = groups.get(runId) ?? { messages: [] };
          if (entry.table === 'runs') group.run = entry;
          else group.messages.push(entry);
          groups.set(runId, group);
        }
      }
      const without = [...groups].filter(([id, g]) => !g.run && id !== '').map(([id]) => `runs:${id}`);
      if (without.length > 0) {
        for (const entry of await db.outbox.bulkGet(without)) {
          if (!entry || seen.has(entry.key)) continue;
          seen.add(entry.key);
          const group = groups.get(entry.rowId);
          if (group) group.run = entry;
        }
      }
      return { groups, more: !done };
    },
  };
}
