import { describe, expect, it } from 'vitest';
import { writeInParts } from './write-in-parts';

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
