// The search index's storage: posting lists in segments. A segment is written once, by one indexing
// pass, so storing a batch costs the same however large the index already is; a merge folds small
// segments into bigger ones in the background (a log-structured merge), so a query reads a few
// segments, not thousands (search-merge.ts). Within a segment, words sit in sorted blocks (table `searchPostings`, key
// [segment, first word of the block]; a few hundred words and their lists a record), since Chromium
// spends most of a write on each record, not on its bytes. Which segments are live, and the counters,
// are one record of `searchState`.
import { timeSlicer } from '../yield';
import { decodeUntil } from './search-postings';
import type { SearchIndexTables, SearchState, SegmentInfo, WordBlock } from './search-tables';
import { writeSlices } from '../store/write-in-parts';

export type { SearchState, SegmentInfo, WordBlock } from './search-tables';

export const STATE_KEY = 'index';
/** Above every word: the end of a segment's key range. */
export const HIGHEST = '\uffff';
/** A block closes at this many words or list bytes, whichever comes first. */
const BLOCK_WORDS = 512;
const BLOCK_BYTES = 64 * 1024;
/** Blocks written per part of a segment's write (see putBlocks). */
const BLOCKS_PER_PART = 16;

export function emptyState(): SearchState {
  return { key: STATE_KEY, segments: [], nextSegment: 1, nextBlock: 1, merging: null, cardsAfter: null };
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

/** Packs (word, list) pairs given in word order into blocks as they come (a merge's output), copying each list once. */
export class BlockWriter {
  private readonly blocks: WordBlock[] = [];
  private words: string[] = [];
  private offsets: number[] = [0];
  private buffer = new Uint8Array(BLOCK_BYTES);
  private at = 0;
  /** Bytes of lists added. */
  bytes = 0;

  add(word: string, list: Uint8Array): void {
    if (this.words.length > 0 && (this.words.length >= BLOCK_WORDS || this.at + list.length > BLOCK_BYTES)) this.close();
    if (this.at + list.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.at + list.length));
      grown.set(this.buffer.subarray(0, this.at));
      this.buffer = grown;
    }
    this.buffer.set(list, this.at);
    this.at += list.length;
    this.bytes += list.length;
    this.words.push(word);
    this.offsets.push(this.at);
  }

  finish(): WordBlock[] {
    this.close();
    return this.blocks;
  }

  private close(): void {
    if (this.words.length === 0) return;
    this.blocks.push({ w: this.words, o: Uint32Array.from(this.offsets), b: this.buffer.slice(0, this.at) });
    this.words = [];
    this.offsets = [0];
    this.at = 0;
  }
}

export const listOf = (block: WordBlock, i: number) => block.b.subarray(block.o[i], block.o[i + 1]);

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

export const blockKey = (segment: number, word: string) => [segment, word] as never;

/** Blocks read per request while a query walks a prefix (a short prefix stops early once capped). */
const QUERY_PAGE = 8;
const FIRST_PAGE = 2;
/** Bytes of blocks a database's queries keep in memory (the blocks a word typed letter by letter reads again). */
const KEPT_BYTES = 8 * 1024 * 1024;

/**
 * What queries of a database keep of its live segments: each one's block keys (first words, in order)
 * and the blocks read so far. A segment never changes once it is live (a merge writes a new one), so
 * neither goes stale; a segment no longer live is dropped. Keyed by id and size: an id used again after
 * a lost index state names another segment.
 */
interface SegmentMemory {
  firsts: string[];
  blocks: Map<number, WordBlock>;
}
const memory = new WeakMap<SearchIndexTables, { segments: Map<string, SegmentMemory>; bytes: number }>();
const memoryKey = (s: SegmentInfo) => `${s.id}:${s.docs}`;
const blockBytes = (b: WordBlock) => b.b.length + b.o.length * 4 + b.w.length * 16;

function memoryOf(db: SearchIndexTables, live: readonly SegmentInfo[]) {
  let kept = memory.get(db);
  if (!kept || kept.bytes > KEPT_BYTES) memory.set(db, (kept = { segments: new Map(), bytes: 0 }));
  const keys = new Set(live.map(memoryKey));
  for (const [key, seg] of kept.segments) {
    if (keys.has(key)) continue;
    for (const b of seg.blocks.values()) kept.bytes -= blockBytes(b);
    kept.segments.delete(key);
  }
  return kept;
}

/** A live segment's memory; its block keys are read now (one request) if not kept. In the caller's transaction. */
async function segmentOf(db: SearchIndexTables, kept: ReturnType<typeof memoryOf>, info: SegmentInfo): Promise<SegmentMemory> {
  const known = kept.segments.get(memoryKey(info));
  if (known) return known;
  const keys = await db.searchPostings.where(':id').between(blockKey(info.id, ''), blockKey(info.id, HIGHEST), true, true).primaryKeys();
  const seg = { firsts: (keys as unknown as Array<[number, string]>).map((k) => k[1]), blocks: new Map<number, WordBlock>() };
  kept.segments.set(memoryKey(info), seg);
  return seg;
}

/**
 * Reads the live segments' block keys ahead of a first search, while nobody waits (the search box is
 * shown): a page's first keystroke then reads only the blocks it needs. In the caller's transaction.
 */
export async function warmSegments(db: SearchIndexTables, segments: readonly SegmentInfo[]): Promise<void> {
  const kept = memoryOf(db, segments);
  await Promise.all(segments.map((info) => segmentOf(db, kept, info)));
}

/** Last index in sorted `words` whose word is ≤ `target` (-1: none). */
const lastAtMost = (words: readonly string[], target: string) => {
  const i = lowerBound(words, target);
  return words[i] === target ? i : i - 1;
};

/**
 * Document numbers of every word that `term` matches (a one-letter term: that word only; longer: every
 * word starting with it), across the live segments, stopping once more than `cap` are found. With
 * `within`, only numbers in it are kept, and `cap` bounds the numbers decoded (a common word checked
 * against a rarer one's documents). Runs inside the caller's transaction. Blocks read once are kept
 * (see SegmentMemory): typing a word letter by letter reads each block once.
 */
export async function readTerm(db: SearchIndexTables, segments: readonly SegmentInfo[], term: string, cap: number, within?: ReadonlySet<number>): Promise<{ docs: Set<number>; capped: boolean }> {
  const docs = new Set<number>();
  const exact = term.length < 2;
  const end = exact ? term : term + HIGHEST;
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
  const kept = memoryOf(db, segments);
  await Promise.all(
    segments.map(async (info) => {
      const { id } = info;
      const { firsts, blocks } = await segmentOf(db, kept, info);
      // The block holding the first word ≥ term starts at or before the term (or is the first block);
      // the blocks after it that start inside the term's range may hold more.
      const from = Math.max(0, lastAtMost(firsts, term));
      const last = lastAtMost(firsts, end);
      // A word or a long prefix ends within a block or two; a short one reads bigger pages after the first.
      for (let i = from, page = FIRST_PAGE; i <= last; page = QUERY_PAGE) {
        if (full()) return;
        let upto = i;
        while (upto < last && upto - i + 1 < page && !blocks.has(upto + 1) === !blocks.has(i)) upto += 1;
        if (!blocks.has(i)) {
          // Consecutive blocks not read yet: one request.
          const read = await db.searchPostings.where(':id').between(blockKey(id, firsts[i]!), blockKey(id, firsts[upto]!), true, true).toArray();
          read.forEach((block, k) => {
            if (!blocks.has(i + k)) kept.bytes += blockBytes(block); // a query beside this one may have read it too
            blocks.set(i + k, block);
          });
          if (read.length !== upto - i + 1) return; // not the segment it was: nothing more from it
        }
        for (; i <= upto; i += 1) if (!take(blocks.get(i)!)) return;
      }
    }),
  );
  return { docs, capped: full() };
}

export async function putBlocks(db: SearchIndexTables, segment: number, blocks: readonly WordBlock[]): Promise<void> {
  if (blocks.length === 0) return;
  // A block holds up to 512 words and 64 KB: a few at a time, so issuing a part stays a short task.
  await writeSlices(blocks, BLOCKS_PER_PART, (part, keys) => db.searchPostings.bulkPut(part, keys), blocks.map((b) => blockKey(segment, b.w[0]!)));
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
