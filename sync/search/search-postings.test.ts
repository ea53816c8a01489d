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

  it('hash text to a non-zero number that changes with the text', () => {
    expect(hashText('hello')).not.toBe(hashText('hello!'));
    expect(hashText('')).not.toBe(0);
  });
});
