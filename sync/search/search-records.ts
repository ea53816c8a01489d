// The runs' slot records a search reads (document numbers → runs and messages), kept in memory while the
// index is unchanged.
import type { SearchIndexTables, SearchRunRecord, SearchState } from './search-tables';

/**
 * Slot records read by earlier searches of a database, by block, while its records are unchanged: typing a
 * word letter by letter reads the same runs' records at each keystroke (200 requests at 100,000 runs).
 * Every write of a record bumps `records` in the index state, in the same transaction, and a search reads
 * that state in its own: the same stamp means the same records. The stamp also holds the next segment and block,
 * so a tab still on a version that bumps no counter (during an update) invalidates it whenever it indexes
 * something new. Emptied past KEPT_BLOCKS.
 */
const kept = new WeakMap<SearchIndexTables, { stamp: string; byBlock: Map<number, SearchRunRecord> }>();
const stampOf = (state: SearchState) => `${state.records ?? 0}:${state.nextSegment}:${state.nextBlock}`;
const KEPT_BLOCKS = 4_000;

/**
 * The slot records of these blocks, those not kept from an earlier search read now. Consecutive blocks are
 * read as one range of the index, one request; the others one request each, all in flight at once (`anyOf`
 * would walk one cursor from block to block, a round trip each). A common prefix keeps the documents
 * indexed last, whose blocks often sit side by side. A range never spans a block not wanted: records are
 * large (a message id per slot), and ranges that also read the records between wanted blocks gained
 * nothing measurable at 100,000 runs.
 */
export async function recordsOf(db: SearchIndexTables, wanted: readonly number[], state: SearchState): Promise<SearchRunRecord[]> {
  const stamp = stampOf(state);
  let cache = kept.get(db);
  if (!cache || cache.stamp !== stamp || cache.byBlock.size > KEPT_BLOCKS) kept.set(db, (cache = { stamp, byBlock: new Map() }));
  const found = new Map<string, SearchRunRecord>();
  const ranges: Array<[number, number]> = [];
  for (const b of [...new Set(wanted)].sort((x, y) => x - y)) {
    const known = cache.byBlock.get(b);
    if (known) {
      found.set(known.runId, known);
      continue;
    }
    const last = ranges[ranges.length - 1];
    if (last && b === last[1] + 1) last[1] = b;
    else ranges.push([b, b]);
  }
  const parts = await Promise.all(
    ranges.map(([lo, hi]) => (lo === hi ? db.searchRuns.where('r').equals(lo).limit(1) : db.searchRuns.where('r').between(lo, hi, true, true)).toArray()),
  );
  // A run's record is listed once per block of it in the range.
  for (const record of parts.flat()) {
    found.set(record.runId, record);
    for (const block of record.r) cache.byBlock.set(block, record);
  }
  return [...found.values()];
}
