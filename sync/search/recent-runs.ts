// A search that keeps only some of its matches also checks the runs with the latest activity against their
// rows: a run written before a big import or a first sync was indexed under lower numbers than the
// thousands after it, so the cap cut it from a common word's results, though it heads the list once found
// (what a person wrote last is what they most likely look for).
import type { Run } from '../model';
import { messagesOfRun } from '../run-messages';
import { runText, type SearchIndexTables } from './search-tables';
import { matchesAll, tokenize } from './search-tokens';

/** The active runs checked, newest activity first, and the latest messages read of each. */
export const RECENT_RUNS = 20;
export const RECENT_MESSAGES = 50;

interface Words {
  /** What the run's row said when its messages were read: a write to the run changes it. */
  version: string;
  messages: Array<{ id: string; words: string[] }>;
}

/**
 * Each recent run's message words, per database, kept between keystrokes: typing a word asks this of the same
 * runs a dozen times, and reading their messages again each time cost a fifth of a keystroke at 100,000 runs.
 */
const kept = new WeakMap<object, Map<string, Words>>();

/** Appending, editing, switching a branch or streaming a reply changes one of these (see store/runs.ts). */
const versionOf = (run: Run) => [run.updated_at, run.last_message_at, run.message_count, run.current_leaf_id, run.last_message_preview].join('\u0001');

/** The active runs with the latest activity that match, each by its name or its latest matching message. */
export async function matchRecent(db: SearchIndexTables, terms: readonly string[]): Promise<Array<{ runId: string; messageId: string | null }>> {
  const runs = await db.runs.where('[status+last_message_at]').between(['active', ''], ['active', '\uffff']).reverse().limit(RECENT_RUNS).toArray();
  const cache = kept.get(db) ?? new Map<string, Words>();
  kept.set(db, cache);
  const stale = runs.filter((r) => cache.get(r.id)?.version !== versionOf(r));
  const read = await Promise.all(stale.map((r) => messagesOfRun(db.messages, r.id).reverse().limit(RECENT_MESSAGES).toArray()));
  stale.forEach((run, i) => {
    const messages = read[i]!.filter((m) => m.runId === run.id).map((m) => ({ id: m.id, words: tokenize(m.content) }));
    cache.set(run.id, { version: versionOf(run), messages });
  });
  // Only the runs still among the latest stay kept.
  const latest = new Set(runs.map((r) => r.id));
  for (const id of cache.keys()) if (!latest.has(id)) cache.delete(id);
  // One document a run, as the search's answer keeps (its name, else its latest matching message), so a long
  // run's many matches take no places of the search's cap from other runs.
  const matched: Array<{ runId: string; messageId: string | null }> = [];
  for (const run of runs) {
    const message = matchesAll(terms, tokenize(runText(run))) ? null : cache.get(run.id)!.messages.find((m) => matchesAll(terms, m.words));
    if (message !== undefined) matched.push({ runId: run.id, messageId: message?.id ?? null });
  }
  // A message removed or changed by a write that leaves its run's row as it was leaves its kept words
  // behind: the messages matched are read back, and a run whose match is gone is read afresh next time.
  const ids = matched.flatMap((m) => (m.messageId ? [m.messageId] : []));
  const rows = ids.length ? await db.messages.bulkGet(ids) : [];
  const gone = new Set(ids.filter((id, i) => !rows[i] || !matchesAll(terms, tokenize(rows[i]!.content))));
  for (const m of matched) if (m.messageId && gone.has(m.messageId)) cache.delete(m.runId);
  return matched.filter((m) => !m.messageId || !gone.has(m.messageId));
}
