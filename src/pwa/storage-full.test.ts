import { describe, expect, it, vi } from 'vitest';
import { AppError, err, ok, type Result } from '@sync/model';
import { getStorageFullState, noteWriteOutcome, retryWaitingWrites, retryWhileFull } from './storage-full';

const full = (): Result<string> => err(new AppError('quota_exceeded', 'The device is out of storage space'));

describe('retryWhileFull', () => {
  it('keeps retrying a write that fails for space until it lands, and reports waiting meanwhile', async () => {
    const outcomes = [full(), full(), ok('saved')];
    const write = vi.fn(async () => outcomes.shift()!);
    const waiting = vi.fn();
    const result = await retryWhileFull(write, waiting, [1]);
    expect(result).toEqual({ ok: true, value: 'saved' });
    expect(write).toHaveBeenCalledTimes(3);
    expect(waiting).toHaveBeenCalledTimes(2);
    expect(getStorageFullState()).toEqual({ waiting: 0, full: false });
  });

  it('returns other failures at once, without retrying', async () => {
    const write = vi.fn(async (): Promise<Result<string>> => err(new AppError('not_found', 'gone')));
    const result = await retryWhileFull(write, undefined, [1]);
    expect(result.ok).toBe(false);
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('shows the app as full while a write waits, and "Try again" retries at once', async () => {
    let space = false;
    const write = vi.fn(async () => (space ? ok('saved') : full()));
    const pending = retryWhileFull(write, undefined, [60_000]);
    await vi.waitFor(() => expect(getStorageFullState()).toEqual({ waiting: 1, full: true }));
    space = true;
    retryWaitingWrites();
    await expect(pending).resolves.toEqual({ ok: true, value: 'saved' });
    expect(getStorageFullState()).toEqual({ waiting: 0, full: false });
  });
});

describe('noteWriteOutcome', () => {
  it('raises the alert on a quota failure and clears it on the next successful write', () => {
    noteWriteOutcome(full());
    expect(getStorageFullState().full).toBe(true);
    noteWriteOutcome(err(new AppError('invalid_input', 'bad')));
    expect(getStorageFullState().full).toBe(true);
    noteWriteOutcome(ok(1));
    expect(getStorageFullState().full).toBe(false);
  });
});
