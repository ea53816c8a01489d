import { describe, expect, it } from 'vitest';
import { freshDb } from '../test-support';
import { indexPending } from './search-indexer';
import { MAX_MERGED_DOCS, mergeOnce, mergeSome, pickMerge } from './search-merge';
import { BlockWriter, emptyState, packBlocks, readState } from './search-segments';

const segs = (...docs: number[]) => docs.map((d, i) => ({ id: i + 1, docs: d }));

describe('the merge policy', () => {
  it('merges four segments of a size, the smallest size first', () => {
    expect(pickMerge(segs(10_000, 40_000, 10_000, 10_000, 10_000))?.map((s) => s.id)).toEqual([1, 3, 4, 5]);
    expect(pickMerge(segs(40_000, 40_000, 40_000, 40_000, 10_000))?.map((s) => s.id)).toEqual([1, 2, 3, 4]);
    expect(pickMerge(segs(40_000, 40_000, 40_000, 10_000))).toBeNull();
  });

  it('never makes a segment bigger than the limit: a merge that large would hold one indexing pass for seconds', () => {
    expect(MAX_MERGED_DOCS).toBeLessThan(4 * 160_000);
    expect(pickMerge(segs(160_000, 160_000, 160_000, 160_000, 10_000))).toBeNull();
    // Too many segments: the smallest are merged, still within the limit.
    const many = segs(...Array.from({ length: 14 }, () => 160_000), 40_000, 40_000, 20_000);
    expect(pickMerge(many)?.map((s) => s.docs).sort((a, b) => a - b)).toEqual([20_000, 40_000, 40_000]);
    expect(pickMerge(segs(...Array.from({ length: 17 }, () => 160_000)))).toBeNull();
  });
});

describe('BlockWriter', () => {
  it('packs words given one at a time into the same blocks as packBlocks, long lists included', () => {
    let seed = 9;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const words = Array.from({ length: 3_000 }, (_, i) => `w${String(i).padStart(5, '0')}`);
    const lists = words.map(() => Uint8Array.from({ length: random() < 0.01 ? 70_000 : Math.floor(random() * 300) }, () => Math.floor(random() * 256)));
    const writer = new BlockWriter();
    words.forEach((w, i) => writer.add(w, lists[i]!));
    const blocks = writer.finish();
    const packed = packBlocks(words, lists);
    // Compared as strings and bytes: a deep equality over typed arrays takes seconds here.
    expect(blocks.map((b) => b.w)).toEqual(packed.map((b) => b.w));
    expect(blocks.map((b) => [...b.o].join())).toEqual(packed.map((b) => [...b.o].join()));
    expect(blocks.every((b, i) => Buffer.from(b.b).equals(Buffer.from(packed[i]!.b)))).toBe(true);
    expect(blocks.length).toBeGreaterThan(6);
    expect(writer.bytes).toBe(lists.reduce((n, l) => n + l.length, 0));
  });
});

describe('a merge that cannot be resumed', () => {
  it('stops mergeSome and mergeOnce instead of stepping it forever; the next pass drops it', async () => {
    const db = freshDb();
    db.scheduleIndexing = () => undefined;
    try {
      // Left by a version that kept no place (merging set, no mergeFrom): a tab closed mid-merge.
      await db.searchState.put({ ...emptyState(), merging: 7, nextSegment: 8 });
      await db.searchPostings.put({ w: ['half'], o: Uint32Array.of(0, 1), b: Uint8Array.of(1) }, [7, 'half']);
      expect(await mergeSome(db, 1_000_000)).toBe(false);
      expect(await mergeOnce(db)).toBe(false);
      await indexPending(db);
      expect((await readState(db)).merging).toBeNull();
      expect(await db.searchPostings.count()).toBe(0);
    } finally {
      db.close();
    }
  });
});
