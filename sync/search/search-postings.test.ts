import { describe, expect, it } from 'vitest';
import { decodeAll, encodePostings, hashText, mergeEncoded } from './search-postings';

describe('posting lists', () => {
  it('round-trip sorted numbers, small gaps in one byte, large numbers too', () => {
    const numbers = [0, 1, 2, 40, 41, 300, 70_000, 2 ** 31 + 5, 2 ** 40];
    const bytes = encodePostings(numbers);
    expect(decodeAll(bytes)).toEqual(numbers);
    expect(encodePostings([32, 33, 34, 35]).length).toBe(4);
  });

  it('merge into one sorted list, each number once', () => {
    const a = encodePostings([1, 5, 9, 200]);
    const b = encodePostings([2, 5, 300]);
    const c = encodePostings([]);
    expect(decodeAll(mergeEncoded([a, b, c]))).toEqual([1, 2, 5, 9, 200, 300]);
  });

  it('merge lists that do not interleave by joining them, in any order, as the k-way merge would', () => {
    const lists = [[300, 301, 70_000], [0, 5, 9], [10, 200], [], [2 ** 31, 2 ** 40]];
    const merged = mergeEncoded(lists.map(encodePostings));
    expect(decodeAll(merged)).toEqual([0, 5, 9, 10, 200, 300, 301, 70_000, 2 ** 31, 2 ** 40]);
    expect(merged).toEqual(encodePostings([0, 5, 9, 10, 200, 300, 301, 70_000, 2 ** 31, 2 ** 40]));
    // Touching ends and overlaps take the merge (each number once).
    expect(decodeAll(mergeEncoded([encodePostings([1, 5]), encodePostings([5, 6])]))).toEqual([1, 5, 6]);
    expect(decodeAll(mergeEncoded([encodePostings([1, 7]), encodePostings([5, 6])]))).toEqual([1, 5, 6, 7]);
  });

  it('merge random lists exactly', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round += 1) {
      const lists = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
        const base = Math.floor(random() * 1_000);
        const set = new Set(Array.from({ length: Math.floor(random() * 20) }, () => base + Math.floor(random() * (random() < 0.5 ? 40 : 100_000))));
        return [...set].sort((a, b) => a - b);
      });
      const want = [...new Set(lists.flat())].sort((a, b) => a - b);
      expect(decodeAll(mergeEncoded(lists.map(encodePostings)))).toEqual(want);
    }
  });

  it('merge long interleaved lists exactly, large numbers and duplicates too, never longer than the lists together', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 50; round += 1) {
      const scale = [40, 5_000, 2 ** 36][round % 3]!;
      const lists = Array.from({ length: 2 + Math.floor(random() * 4) }, () => {
        const set = new Set(Array.from({ length: Math.floor(random() * 2_000) }, () => Math.floor(random() * scale * 1_000)));
        return [...set].sort((a, b) => a - b);
      });
      const want = [...new Set(lists.flat())].sort((a, b) => a - b);
      const encoded = lists.map(encodePostings);
      const merged = mergeEncoded(encoded);
      expect(decodeAll(merged)).toEqual(want);
      expect(merged).toEqual(encodePostings(want));
      expect(merged.length).toBeLessThanOrEqual(encoded.reduce((n, l) => n + l.length, 0));
    }
  });

  it('hash text to a non-zero number that changes with the text', () => {
    expect(hashText('hello')).not.toBe(hashText('hello!'));
    expect(hashText('')).not.toBe(0);
  });
});
