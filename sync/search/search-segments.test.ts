import { describe, expect, it } from 'vitest';
import { MAX_MERGED_DOCS, pickMerge } from './search-merge';
import { BlockWriter, packBlocks } from './search-segments';

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
    expect(blocks).toEqual(packBlocks(words, lists));
    expect(blocks.length).toBeGreaterThan(6);
    expect(writer.bytes).toBe(lists.reduce((n, l) => n + l.length, 0));
  });
});
