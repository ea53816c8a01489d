// Streamed text on screen: the latest chunk at most once per frame, the first one (or one after a quiet
// spell) at once, so a reply's first token is not held back a frame.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frameBatcher } from './next-frame';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => vi.useRealTimers());

describe('frameBatcher', () => {
  it('passes the first value at once, then the latest of a burst once per frame', () => {
    const shown: number[] = [];
    const live = frameBatcher((v: number) => shown.push(v));
    live.push(1);
    expect(shown).toEqual([1]);
    live.push(2);
    live.push(3);
    expect(shown).toEqual([1]);
    vi.advanceTimersByTime(60); // no frames here (no document): the fallback timer stands in for one
    expect(shown).toEqual([1, 3]);
    vi.advanceTimersByTime(100);
    live.push(4); // after a quiet spell: at once
    expect(shown).toEqual([1, 3, 4]);
  });

  it('drops what is waiting when cancelled (the final reply replaces it)', () => {
    const shown: number[] = [];
    const live = frameBatcher((v: number) => shown.push(v));
    live.push(1);
    live.push(2);
    live.cancel();
    vi.advanceTimersByTime(100);
    expect(shown).toEqual([1]);
  });
});
