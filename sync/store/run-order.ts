// The runs library's sort orders, and the rows a sorted list of runs is cut from: a search hit's card
// (run-cards.ts) stands in for its row until the row is shown, so a search of a large library reads the
// rows of the page it shows, not of every hit.
import type { PromptRunsDB } from '../db';
import type { Run } from '../model';
import { messagesOfRun } from '../run-messages';
import { cardRunOf, sameCard, type CardRun } from '../search/run-cards';
import type { SearchHit } from '../search/search';
import { countVisible } from './visible-count';

export type RunSort = 'recent' | 'oldest' | 'name' | 'messages';

/** The count people read (a row from before it was kept: the stored count, until the row is shown or saved). */
const shownCount = (r: Run) => r.visible_message_count ?? r.message_count;

/**
 * Rows written before the visible count was kept get it from their messages, read only for the runs on
 * the page (a later save stores it).
 */
export async function fillVisibleCounts(db: PromptRunsDB, runs: Run[]): Promise<void> {
  const missing = runs.filter((r) => r.visible_message_count === undefined);
  await Promise.all(
    missing.map(async (run) => {
      run.visible_message_count = countVisible(await messagesOfRun(db.messages, run.id).toArray(), run.current_leaf_id);
    }),
  );
}

export function compare(sort: RunSort): (a: Run, b: Run) => number {
  const recent = (a: Run, b: Run) => (a.last_message_at < b.last_message_at ? 1 : a.last_message_at > b.last_message_at ? -1 : 0);
  switch (sort) {
    case 'recent':
      return recent;
    case 'oldest':
      return (a, b) => -recent(a, b);
    case 'name':
      return (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }) || recent(a, b);
    case 'messages':
      return (a, b) => shownCount(b) - shownCount(a) || recent(a, b);
  }
}

/** Enough of a run's shape to filter and sort it; the full check is left to the rows actually shown. */
export function sortable(row: unknown): row is Run {
  const r = row as Partial<Run> | undefined;
  return (
    typeof r?.id === 'string' && typeof r.name === 'string' && typeof r.prompt_id === 'string' &&
    typeof r.last_message_at === 'string' && typeof r.message_count === 'number' &&
    typeof r.settings === 'object' && r.settings !== null
  );
}

/** Cards standing in for rows not read yet (they hold every field a filter, sort or grouping reads). */
const cards = new WeakSet<object>();

/**
 * What search hits are filtered and sorted by: a hit's card when `useCards` and it has one, else its row
 * (read now). Sorting by size needs each row's visible count, so it reads every row.
 */
export async function hitRows(db: PromptRunsDB, hits: readonly SearchHit[], known: ReadonlyMap<string, CardRun> | undefined, useCards: boolean): Promise<Run[]> {
  const cardOf = (h: SearchHit) => (useCards ? known?.get(h.runId) : undefined);
  const carded = hits.flatMap((h) => cardOf(h) ?? []);
  const rest = hits.filter((h) => !cardOf(h));
  const rows = rest.length ? (await db.runs.bulkGet(rest.map((h) => h.runId))).filter(sortable) : [];
  for (const card of carded) cards.add(card);
  return [...(carded as unknown as Run[]), ...rows];
}

/**
 * The rows behind `part` (some of them cards), in its order; null when a row no longer matches its card
 * (written since the search read the index): the caller starts over from the rows themselves.
 */
export async function readShown(db: PromptRunsDB, part: readonly Run[]): Promise<unknown[] | null> {
  const wanted = part.filter((r) => cards.has(r));
  if (wanted.length === 0) return [...part];
  const rows = await db.runs.bulkGet(wanted.map((r) => r.id));
  const byId = new Map<string, unknown>();
  for (const [i, row] of rows.entries()) {
    if (!sameCard(cardRunOf(row), wanted[i] as unknown as CardRun)) return null;
    byId.set(wanted[i]!.id, row);
  }
  return part.map((r) => (cards.has(r) ? byId.get(r.id) : r));
}
