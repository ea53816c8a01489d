import { describe, expect, it } from 'vitest';
import { readSlices, writeInParts, writeSlices } from './write-in-parts';

/** A write that settles only when the test says so. */
function deferredWrites() {
  const issued: number[] = [];
  const settle = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  const write = (part: number) =>
    new Promise<void>((resolve, reject) => {
      issued.push(part);
      settle.set(part, { resolve, reject });
    });
  return { issued, settle, write };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('writeInParts', () => {
  it('keeps two parts in flight, never three, and resolves when the last is written', async () => {
    const { issued, settle, write } = deferredWrites();
    let done = false;
    const all = writeInParts(4, write).then(() => (done = true));
    await tick();
    expect(issued).toEqual([0, 1]);
    settle.get(0)!.resolve();
    await tick();
    expect(issued).toEqual([0, 1, 2]);
    settle.get(1)!.resolve();
    settle.get(2)!.resolve();
    await tick();
    expect(issued).toEqual([0, 1, 2, 3]);
    expect(done).toBe(false);
    settle.get(3)!.resolve();
    await all;
    expect(done).toBe(true);
  });

  it('rejects with a failed part, and issues none after the one in flight with it', async () => {
    const { issued, settle, write } = deferredWrites();
    const all = writeInParts(5, write);
    await tick();
    settle.get(0)!.reject(new Error('disk full'));
    await expect(all).rejects.toThrow('disk full');
    expect(issued).toEqual([0, 1]);
  });

  it('stops before the next part when the check before it throws', async () => {
    const { issued, settle, write } = deferredWrites();
    let cancelled = false;
    const all = writeInParts(5, write, () => {
      if (cancelled) throw new Error('cancelled');
    });
    await tick();
    cancelled = true;
    settle.get(0)!.resolve();
    await expect(all).rejects.toThrow('cancelled');
    expect(issued).toEqual([0, 1]);
  });
});

describe('writeSlices', () => {
  it('writes the rows in order, a slice of the given size at a time, each with its keys', async () => {
    const written: Array<{ rows: number[]; keys?: string[] }> = [];
    const rows = [1, 2, 3, 4, 5, 6, 7];
    await writeSlices(rows, 3, async (part, keys) => void written.push({ rows: part, keys }), rows.map((r) => `k${r}`));
    expect(written).toEqual([
      { rows: [1, 2, 3], keys: ['k1', 'k2', 'k3'] },
      { rows: [4, 5, 6], keys: ['k4', 'k5', 'k6'] },
      { rows: [7], keys: ['k7'] },
    ]);
  });

  it('writes nothing for no rows', async () => {
    let calls = 0;
    await writeSlices([], 100, async () => void (calls += 1));
    expect(calls).toBe(0);
  });
});

describe('readSlices', () => {
  it('reads the keys a slice at a time, two in flight, and returns the rows in the order of the keys', async () => {
    const asked: number[][] = [];
    let inFlight = 0;
    let most = 0;
    const read = async (keys: number[]) => {
      asked.push(keys);
      most = Math.max(most, ++inFlight);
      // The first slice answers last: the order of the answer follows the keys, not the replies.
      await new Promise((r) => setTimeout(r, keys[0] === 0 ? 20 : 1));
      inFlight -= 1;
      return keys.map((k) => `row ${k}`);
    };
    const rows = await readSlices([0, 1, 2, 3, 4, 5, 6], 3, read);
    expect(asked).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(most).toBe(2);
    expect(rows).toEqual([0, 1, 2, 3, 4, 5, 6].map((k) => `row ${k}`));
    expect(await readSlices([], 3, read)).toEqual([]);
  });
});
