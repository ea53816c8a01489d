// Merging the search index's segments (search-segments.ts): which to merge (pickMerge), and the merge
// itself, a step at a time. A merge's new segment is written under an id no query reads, a few blocks
// of each source per short transaction, with its place kept in the index state; the last step swaps it
// in for its sources. Indexing passes call mergeSome with a budget in proportion to what they wrote, so
// a big merge is spread over the passes that follow it instead of stalling one.
import { timeSlicer } from '../yield';
import { mergeEncoded } from './search-postings';
import { BlockWriter, blockKey, HIGHEST, listOf, putBlocks, readState, STATE_KEY } from './search-segments';
import type { SearchIndexTables, SegmentInfo } from './search-tables';

/** Segments of about the same size are merged four at a time (sizes grow by powers of four). */
const FANOUT = 4;
const BASE_DOCS = 16;
/** Beyond this many segments the smallest are merged whatever their sizes, so a query stays cheap. */
const MAX_SEGMENTS = 16;
/**
 * No merge makes a segment bigger than this: a merge rewrites every byte of its sources in one indexing
 * pass, and four segments of 160,000 documents (~100 MB) held a pass for 13 s. A query reads each live
 * segment, so a library of a million messages keeps a dozen segments instead of a handful.
 */
export const MAX_MERGED_DOCS = 200_000;

const tier = (docs: number) => Math.max(0, Math.floor(Math.log(Math.max(docs, 1) / BASE_DOCS) / Math.log(FANOUT)));
const total = (group: readonly SegmentInfo[]) => group.reduce((n, s) => n + s.docs, 0);

/** The segments to merge now, if any: FANOUT of the lowest tier that has that many, or the smallest (within maxDocs). */
export function pickMerge(segments: readonly SegmentInfo[], maxDocs = MAX_MERGED_DOCS): SegmentInfo[] | null {
  const byTier = new Map<number, SegmentInfo[]>();
  for (const s of segments) byTier.set(tier(s.docs), [...(byTier.get(tier(s.docs)) ?? []), s]);
  for (const t of [...byTier.keys()].sort((a, b) => a - b)) {
    const group = byTier.get(t)!.slice(0, FANOUT);
    if (group.length === FANOUT && total(group) <= maxDocs) return group;
  }
  if (segments.length <= MAX_SEGMENTS) return null;
  // Too many: the smallest, as many (two to FANOUT) as the limit allows.
  const smallest: SegmentInfo[] = [];
  for (const s of [...segments].sort((a, b) => a.docs - b.docs).slice(0, FANOUT)) {
    if (total(smallest) + s.docs > maxDocs) break;
    smallest.push(s);
  }
  return smallest.length >= 2 ? smallest : null;
}

/** Blocks read per source segment per merge step (each step is one short transaction, ~1 MB at most). */
export const MERGE_PAGE = 4;

/**
 * One merge step: the words after `after` (all of them when null) up to a bound that every source has
 * read past, merged and written to `into`. Returns the bound (null when the sources are exhausted) and
 * the bytes of lists written.
 */
async function mergeStep(db: SearchIndexTables, from: readonly number[], into: number, after: string | null, page: number): Promise<{ bound: string | null; bytes: number }> {
  const reads = await Promise.all(
    from.map(async (id) => {
      const lower = blockKey(id, after ?? '');
      // The block holding `after` may hold later words too.
      const [head, rest] = await Promise.all([
        after === null ? Promise.resolve([]) : db.searchPostings.where(':id').between(blockKey(id, ''), lower, true, true).reverse().limit(1).toArray(),
        db.searchPostings.where(':id').between(lower, blockKey(id, HIGHEST), after === null, true).limit(page).toArray(),
      ]);
      return { blocks: [...head, ...rest], full: rest.length === page };
    }),
  );
  let bound: string | null = null;
  for (const r of reads) {
    const last = r.blocks[r.blocks.length - 1];
    if (r.full && last) {
      const word = last.w[last.w.length - 1]!;
      if (bound === null || word < bound) bound = word;
    }
  }
  const slice = timeSlicer();
  const out = new BlockWriter();
  const lists: Uint8Array[] = [];
  // Each source's words are in order: a k-way walk over them (k is two to four) meets each word once.
  const heads = reads.map((r) => ({ blocks: r.blocks, b: 0, i: 0 }));
  const wordAt = (h: (typeof heads)[number]) => h.blocks[h.b]?.w[h.i];
  const advance = (h: (typeof heads)[number]) => {
    if (++h.i < h.blocks[h.b]!.w.length) return;
    h.b += 1;
    h.i = 0;
  };
  if (after !== null) for (const h of heads) while (wordAt(h) !== undefined && wordAt(h)! <= after) advance(h);
  for (let n = 1; ; n += 1) {
    let min: string | undefined;
    for (const h of heads) {
      const w = wordAt(h);
      if (w !== undefined && (min === undefined || w < min)) min = w;
    }
    if (min === undefined || (bound !== null && min > bound)) break;
    lists.length = 0;
    for (const h of heads) {
      if (wordAt(h) !== min) continue;
      lists.push(listOf(h.blocks[h.b]!, h.i));
      advance(h);
    }
    out.add(min, mergeEncoded(lists));
    // Inside a transaction a yield must be a request of its own, or the transaction would end.
    if ((n & 31) === 0 && slice.due()) {
      await db.searchState.get(STATE_KEY);
      slice.reset();
    }
  }
  await putBlocks(db, into, out.finish());
  return { bound, bytes: out.bytes };
}

/**
 * Starts the merge pickMerge chooses unless one is in progress; false when there is nothing to merge,
 * or the merge in progress cannot be resumed (begun by a version that kept no place: dropInterruptedMerge's).
 */
async function startMerge(db: SearchIndexTables): Promise<boolean> {
  return db.transaction('rw', db.searchState, async () => {
    const state = await readState(db);
    if (state.merging !== null) return state.mergeFrom !== undefined;
    const picked = pickMerge(state.segments);
    if (!picked) return false;
    state.merging = state.nextSegment;
    state.nextSegment += 1;
    state.mergeFrom = picked.map((s) => s.id);
    state.mergeAfter = null;
    await db.searchState.put(state);
    return true;
  });
}

/**
 * One step of the merge in progress, in one transaction with its place (a closed tab resumes it). The new
 * segment is written under an id no query reads; the last step swaps it in for its sources and deletes
 * them. Returns the bytes written and whether the merge is done.
 */
async function mergeStepOf(db: SearchIndexTables, page: number): Promise<{ bytes: number; done: boolean }> {
  return db.transaction('rw', [db.searchPostings, db.searchState], async () => {
    const state = await readState(db);
    const from = state.mergeFrom;
    if (state.merging === null || !from) return { bytes: 0, done: true };
    const { bound, bytes } = await mergeStep(db, from, state.merging, state.mergeAfter ?? null, page);
    if (bound === null) {
      state.segments = [...state.segments.filter((s) => !from.includes(s.id)), { id: state.merging, docs: total(state.segments.filter((s) => from.includes(s.id))) }];
      state.merging = null;
      delete state.mergeFrom;
      delete state.mergeAfter;
      await Promise.all(from.map((id) => db.searchPostings.where(':id').between(blockKey(id, ''), blockKey(id, HIGHEST), true, true).delete()));
    } else {
      state.mergeAfter = bound;
    }
    await db.searchState.put(state);
    return { bytes, done: bound === null };
  });
}

/** Merges what pickMerge chooses, if anything, to its end. Returns whether it merged. */
export async function mergeOnce(db: SearchIndexTables, page = MERGE_PAGE): Promise<boolean> {
  if (!(await startMerge(db))) return false;
  const slice = timeSlicer();
  while (!(await mergeStepOf(db, page)).done) await slice.yieldNow();
  return true;
}

/** Whether merging is left to do: a merge in progress that can be resumed, or one the policy picks. */
async function mergeLeft(db: SearchIndexTables): Promise<boolean> {
  const state = await db.transaction('r', db.searchState, () => readState(db));
  return state.merging !== null ? state.mergeFrom !== undefined : pickMerge(state.segments) !== null;
}

/**
 * Merges step by step (the merge in progress, then the next the policy picks) until about `budget` bytes
 * are written or nothing is left to merge; returns whether merging is left (a merge in progress, or one
 * the policy picks next). A pass calls it with a budget in proportion to what it wrote, so a big merge is
 * spread over the passes that follow instead of stalling one (four segments of 40,000 documents rewrite
 * ~12 MB, two seconds of a pass); the database runs idle passes while merging is left.
 */
export async function mergeSome(db: SearchIndexTables, budget: number, page = MERGE_PAGE): Promise<boolean> {
  const slice = timeSlicer();
  let written = 0;
  while (await startMerge(db)) {
    for (;;) {
      const step = await mergeStepOf(db, page);
      written += step.bytes;
      if (step.done) break;
      if (written >= budget) return true;
      await slice.yieldNow();
    }
    if (written >= budget) return mergeLeft(db);
  }
  return false;
}

/** A merge begun by a version that kept no place (no `mergeFrom`) is dropped; its sources are still live. */
export async function dropInterruptedMerge(db: SearchIndexTables): Promise<void> {
  await db.transaction('rw', [db.searchPostings, db.searchState], async () => {
    const state = await readState(db);
    if (state.merging === null || state.mergeFrom) return;
    await db.searchPostings.where(':id').between(blockKey(state.merging, ''), blockKey(state.merging, HIGHEST), true, true).delete();
    state.merging = null;
    await db.searchState.put(state);
  });
}
