import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whenQuiet } from './when-quiet';

// A main thread under test control: the clock, and idle periods handed out one by one.
let now = 0;
let queue: Array<(deadline: IdleDeadline) => void> = [];
/** `ms` pass (tasks or idle time), then the next idle callback runs with `remaining` ms in its period. */
function idle(ms: number, remaining: number) {
  now += ms;
  const callback = queue.shift();
  if (!callback) throw new Error('nothing asked for an idle period');
  callback({ timeRemaining: () => remaining, didTimeout: false });
}

beforeEach(() => {
  now = 0;
  queue = [];
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  vi.stubGlobal('requestIdleCallback', (callback: (deadline: IdleDeadline) => void) => queue.push(callback));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('whenQuiet', () => {
  it('waits through a busy start (short idle periods) and runs after 500 ms of full ones in a row', () => {
    const then = vi.fn();
    whenQuiet(then);
    for (let i = 0; i < 40; i += 1) idle(50, 4); // 2 s of start-up: frames and tasks leave only short gaps
    expect(then).not.toHaveBeenCalled();
    for (let i = 0; i < 9; i += 1) idle(50, 49);
    expect(then).not.toHaveBeenCalled();
    idle(50, 49);
    expect(then).toHaveBeenCalledTimes(1);
    expect(queue).toHaveLength(0); // it stops asking
  });

  it('counts from the first idle period, not from the call', () => {
    const then = vi.fn();
    whenQuiet(then);
    now = 30; // a task of the start still ran after the call
    for (let i = 0; i < 10; i += 1) idle(50, 49); // the first at 80 ms, the last at 530 ms
    expect(then).not.toHaveBeenCalled();
    idle(50, 49);
    expect(then).toHaveBeenCalledTimes(1);
  });

  it('starts counting again after a task between two idle periods', () => {
    const then = vi.fn();
    whenQuiet(then);
    for (let i = 0; i < 8; i += 1) idle(50, 49);
    idle(180, 49); // a 130 ms task ran in between
    for (let i = 0; i < 9; i += 1) idle(50, 49);
    expect(then).not.toHaveBeenCalled();
    idle(50, 49);
    expect(then).toHaveBeenCalledTimes(1);
  });

  it('runs after maxMs on a page that is never quiet, once', () => {
    const then = vi.fn();
    whenQuiet(then, { maxMs: 10_000 });
    for (let i = 0; i < 100; i += 1) idle(50, 4);
    vi.advanceTimersByTime(9_999);
    expect(then).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(then).toHaveBeenCalledTimes(1);
    while (queue.length > 0) idle(50, 49);
    expect(then).toHaveBeenCalledTimes(1);
  });

  it('without requestIdleCallback (Safari), runs after a fixed delay', () => {
    vi.stubGlobal('requestIdleCallback', undefined);
    const then = vi.fn();
    whenQuiet(then, { fallbackMs: 2_000 });
    vi.advanceTimersByTime(1_999);
    expect(then).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(then).toHaveBeenCalledTimes(1);
  });
});
