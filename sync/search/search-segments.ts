// The search index's storage: posting lists in segments. A segment is written once, by one indexing
// pass, so storing a batch costs the same however large the index already is; a merge folds small
// segments into bigger ones in the background (a log-structured merge), so a query reads a few
// segments, not thousands. Within a segment, words sit in sorted blocks (table `searchPostings`, key
// [segment, first word of the block]; a few hundred words and their lists a record), since Chromium
// spends most of a write on each record, not on its bytes. Which segments are live, and the counters,
// are one record of `searchState`.
import { timeSlicer } from '../yield';
import { decodeUntil, mergeEncoded } from './search-postings';
import type { SearchIndexTables, SearchState, SegmentInfo, WordBlock } from './search-tables';

export type { SearchState, SegmentInfo, WordBlock } from './search-tables';

export const STATE_KEY = 'index';
const HIGHEST = '\uffff';
/** A block closes at this many words or list bytes, whichever comes first. */
const BLOCK_WORDS = 512;
const BLOCK_BYTES = 64 * 1024;

export function emptyState(): SearchState {
  return { key: STATE_KEY, segments: [], nextSegment: 1, nextBlock: 1, merging: null };
}

export async function readState(db: SearchIndexTables): Promise<SearchState> {
  const found = await db.searchState.get(STATE_KEY);
  return found && Array.isArray(found.segments) ? found : emptyState();
}

/** Packs sorted (word, list) pairs into blocks. */
export function packBlocks(words: readonly string[], lists: readonly Uint8Array[]): WordBlock[] {
  const blocks: WordBlock[] = [];
  for (let start = 0; start < words.length; ) {
    let end = start;
    let bytes = 0;
    while (end < words.length && end - start < BLOCK_WORDS && (end === start || bytes + lists[end]!.length <= BLOCK_BYTES)) bytes += lists[end++]!.length;
    const o = new Uint32Array(end - start + 1);
    const b = new Uint8Array(bytes);
    for (let i = start, at = 0; i < end; i += 1) {
      o[i - start] = at;
      b.set(lists[i]!, at);
      at += lists[i]!.length;
    }
    o[end - start] = bytes;
    blocks.push({ w: words.slice(start, end), o, b });
    start = end;
  }
  return blocks;
}

const listOf = (block: WordBlock, i: number) => block.b.subarray(block.o[i], block.o[i + 1]);

/** First index in sorted `words` whose word is ≥ `target`. */
function lowerBound(words: readonly string[], target: string): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const blockKey = (segment: number, word: string) => [segment, word] as never;

/** Blocks read per request while a query walks a prefix (a short prefix stops early once capped). */
const QUERY_PAGE = 8;
const FIRST_PAGE = 2;

/**
 * Document numbers of every word that `term` matches (a one-letter term: that word only; longer: every
 * word starting with it), across the live segments, stopping once more than `cap` are found. With
 * `within`, only numbers in it are kept, and `cap` bounds the numbers decoded (a common word checked
 * against a rarer one's documents). Runs inside the caller's transaction.
 */
export async function readTerm(db: SearchIndexTables, segments: readonly SegmentInfo[], term: string, cap: number, within?: ReadonlySet<number>): Promise<{ docs: Set<number>; capped: boolean }> {
  const docs = new Set<number>();
  const exact = term.length < 2;
  let decoded = 0;
  // Decoding stops the moment the cap is passed: a common word's list in a large segment holds hundreds
  // of thousands of numbers, and adding them all to the set was most of a broad query's time.
  const add = within ? (n: number) => (within.has(n) && docs.add(n), ++decoded <= cap) : (n: number) => docs.add(n).size <= cap;
  const full = () => (within ? decoded : docs.size) > cap;
  const take = (block: WordBlock) => {
    for (let i = lowerBound(block.w, term); i < block.w.length; i += 1) {
      const w = block.w[i]!;
      if (exact ? w !== term : !w.startsWith(term)) return false;
      decodeUntil(listOf(block, i), add);
      if (full()) return false;
    }
    return true; // the block ended inside the prefix: later blocks may hold more
  };
  await Promise.all(
    segments.map(async ({ id }) => {
      // The block holding the first word ≥ term starts at or before the term, or inside its range.
      const before = await db.searchPostings.where(':id').between(blockKey(id, ''), blockKey(id, term), true, true).reverse().limit(1).toArray();
      if (full() || (before[0] && !take(before[0]))) return;
      let from = blockKey(id, term);
      let inclusive = !before[0] || before[0].w[0] !== term;
      // A word or a long prefix ends within a block or two; a short one reads bigger pages after the first.
      for (let page = FIRST_PAGE; ; page = QUERY_PAGE) {
        if (full()) return;
        const range = db.searchPostings.where(':id').between(from, blockKey(id, term + HIGHEST), inclusive, true).limit(page);
        const [blocks, keys] = await Promise.all([range.toArray(), range.primaryKeys()]);
        for (const block of blocks) if (!take(block)) return;
        if (blocks.length < page) return;
        from = keys[keys.length - 1] as never;
        inclusive = false;
      }
    }),
  );
  return { docs, capped: full() };
}

async function putBlocks(db: SearchIndexTables, segment: number, blocks: readonly WordBlock[]): Promise<void> {
  if (blocks.length === 0) return;
  await db.searchPostings.bulkPut(blocks, blocks.map((b) => blockKey(segment, b.w[0]!)));
}

/**
 * A new segment's blocks, sorted and packed before its transaction, in slices that yield (sorting and
 * copying tens of thousands of words inside the write made it one long task).
 */
export async function packSegment(postings: Map<string, Uint8Array>): Promise<WordBlock[]> {
  const slice = timeSlicer();
  const words = [...postings.keys()].sort();
  await slice.yieldNow();
  const blocks: WordBlock[] = [];
  for (let start = 0; start < words.length; start += BLOCK_WORDS) {
    const part = words.slice(start, start + BLOCK_WORDS);
    blocks.push(...packBlocks(part, part.map((w) => postings.get(w)!)));
    await slice.maybeYield();
  }
  return blocks;
}

/** Adds a segment (blocks from packSegment) inside the caller's read-write transaction. */
export async function writeSegment(db: SearchIndexTables, state: SearchState, blocks: readonly WordBlock[], docs: number): Promise<void> {
  const id = state.nextSegment;
  state.nextSegment += 1;
  state.segments.push({ id, docs });
  await putBlocks(db, id, blocks);
}

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

/** Blocks read per source segment per merge step (each step is one short transaction). */
export const MERGE_PAGE = 16;

/**
 * One merge step: the words after `after` (all of them when null) up to a bound that every source has
 * read past, merged and written to `into`. Returns the bound, or null when the sources are exhausted.
 */
async function mergeStep(db: SearchIndexTables, from: readonly number[], into: number, after: string | null, page: number): Promise<string | null> {
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
  const byWord = new Map<string, Uint8Array[]>();
  for (const r of reads) {
    for (const block of r.blocks) {
      block.w.forEach((w, i) => {
        if ((after === null || w > after) && (bound === null || w <= bound)) byWord.set(w, [...(byWord.get(w) ?? []), listOf(block, i)]);
      });
    }
  }
  const words = [...byWord.keys()].sort();
  const slice = timeSlicer();
  const lists: Uint8Array[] = [];
  for (const [i, w] of words.entries()) {
    lists.push(mergeEncoded(byWord.get(w)!));
    // Inside a transaction a yield must be a request of its own, or the transaction would end.
    if ((i & 31) === 31 && slice.due()) {
      await db.searchState.get(STATE_KEY);
      slice.reset();
    }
  }
  await putBlocks(db, into, packBlocks(words, lists));
  return bound;
}

/**
 * Merges what pickMerge chooses, if anything: the new segment is written in steps under an id no query
 * reads yet, then swapped in with the old ones deleted, in one transaction. Returns whether it merged.
 */
export async function mergeOnce(db: SearchIndexTables, page = MERGE_PAGE): Promise<boolean> {
  const target = await db.transaction('rw', db.searchState, async () => {
    const state = await readState(db);
    const picked = state.merging === null ? pickMerge(state.segments) : null;
    if (!picked) return null;
    state.merging = state.nextSegment;
    state.nextSegment += 1;
    await db.searchState.put(state);
    return { into: state.merging, from: picked };
  });
  if (!target) return false;
  const ids = target.from.map((s) => s.id);
  let after: string | null = null;
  const slice = timeSlicer();
  for (;;) {
    const bound = await db.transaction('rw', [db.searchPostings, db.searchState], () => mergeStep(db, ids, target.into, after, page));
    if (bound === null) break;
    after = bound;
    await slice.yieldNow();
  }
  await db.transaction('rw', [db.searchPostings, db.searchState], async () => {
    const state = await readState(db);
    state.segments = [...state.segments.filter((s) => !ids.includes(s.id)), { id: target.into, docs: total(target.from) }];
    state.merging = null;
    await Promise.all(ids.map((id) => db.searchPostings.where(':id').between(blockKey(id, ''), blockKey(id, HIGHEST), true, true).delete()));
    await db.searchState.put(state);
  });
  return true;
}

/** A merge that a crash (or a closed tab) interrupted is dropped; the segments it read are still live. */
export async function dropInterruptedMerge(db: SearchIndexTables): Promise<void> {
  await db.transaction('rw', [db.searchPostings, db.searchState], async () => {
    const state = await readState(db);
    if (state.merging === null) return;
    await db.searchPostings.where(':id').between(blockKey(state.merging, ''), blockKey(state.merging, HIGHEST), true, true).delete();
    state.merging = null;
    await db.searchState.put(state);
  });
}
