import { describe, expect, it } from 'vitest';
import { MAX_MERGED_DOCS, pickMerge } from './search-segments';

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
