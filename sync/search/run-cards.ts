// A run's card: the fields the runs library filters and sorts search results by, copied into the run's
// slot record (search-tables.ts) whenever the indexer writes it. A search of a large library then sorts
// and filters its hits from the records it reads anyway, and reads only the rows it shows (20, not 200:
// one IndexedDB request each).
//
// Exact: every write of a run row leaves a marker in the same transaction (search-index.ts) and the
// indexer takes the card from the row it indexes, so a card is trusted only while its run has no marker
// (search.ts); the rows shown are read and compared with their cards (store/run-order.ts). A card also names
// the record write that made it (`u`): a record written by a version that kept no cards keeps an old one,
// which then no longer matches.
import { parseRunRecord } from '../parse-records';
import { readState } from './search-segments';
import type { CardRun, SearchIndexTables, SearchRunRecord } from './search-tables';

export type { CardRun, RunCard } from './search-tables';

/** The card of a row, or null when the row is not a valid run (it is read and judged when shown). */
export function cardRunOf(row: unknown): CardRun | null {
  const parsed = parseRunRecord(row);
  if (!parsed.ok) return null;
  const r = parsed.value;
  return {
    id: r.id, name: r.name, prompt_id: r.prompt_id, status: r.status, last_message_at: r.last_message_at,
    message_count: r.message_count, visible_message_count: r.visible_message_count, is_starred: r.is_starred, is_pinned: r.is_pinned,
    settings: { provider: r.settings.provider, model_id: r.settings.model_id }, ...(r.shared ? { shared: true as const } : {}),
  };
}

const FIELDS = ['id', 'name', 'prompt_id', 'status', 'last_message_at', 'message_count', 'visible_message_count', 'is_starred', 'is_pinned'] as const;

export function sameCard(a: CardRun | null | undefined, b: CardRun | null | undefined): boolean {
  if (!a || !b) return a === b;
  return FIELDS.every((k) => a[k] === b[k]) && a.settings.provider === b.settings.provider && a.settings.model_id === b.settings.model_id && a.shared === b.shared;
}

/** The record's card if the record was last written with it (else null: its run's row is read instead). */
export const validCard = (record: SearchRunRecord): CardRun | null => (record.c && record.c.u === record.u ? record.c.run : null);

/** Records given a card per part (two short transactions), and parts per call while they take under FILL_MS. */
const FILL_PER_PART = 250;
const FILL_MS = 250;

/**
 * Gives records written before cards were kept (or by a version without them) their card, a part at a
 * time for about `ms`, in key order from where the last part stopped (kept in the index state); returns
 * whether some are left. Runs while the index is idle (100,000 records: 96 s in the background, in Chromium);
 * searches read the rows of runs without a card meanwhile.
 */
export async function fillCards(db: SearchIndexTables, max = FILL_PER_PART, ms = FILL_MS): Promise<boolean> {
  const start = performance.now();
  for (;;) {
    const left = await fillPart(db, max);
    if (!left || performance.now() - start >= ms) return left;
  }
}

async function fillPart(db: SearchIndexTables, max: number): Promise<boolean> {
  const read = await db.transaction('r', [db.searchRuns, db.runs, db.searchState], async () => {
    const state = await readState(db);
    if (state.cardsAfter === null) return null;
    const from = state.cardsAfter ?? '';
    const records = await db.searchRuns.where(':id').above(from).limit(max).toArray();
    const missing = records.filter((r) => !validCard(r));
    const rows = missing.length ? await db.runs.bulkGet(missing.map((r) => r.runId)) : [];
    return { records: missing, rows, last: records.length === max ? records[records.length - 1]!.runId : null };
  });
  if (!read) return false;
  await db.transaction('rw', [db.searchRuns, db.searchState], async () => {
    const state = await readState(db);
    const now = await db.searchRuns.bulkGet(read.records.map((r) => r.runId));
    const put: SearchRunRecord[] = [];
    read.records.forEach((record, i) => {
      const card = cardRunOf(read.rows[i]);
      // Rewritten since (the indexer gave it its own card), or its run is no valid row: left as it is.
      if (!card || now[i]?.u !== record.u) return;
      put.push({ ...record, u: record.u + 1, c: { u: record.u + 1, run: card } });
    });
    if (put.length) await db.searchRuns.bulkPut(put);
    state.cardsAfter = read.last;
    if (put.length) state.records = (state.records ?? 0) + 1;
    await db.searchState.put(state);
  });
  return read.last !== null;
}
