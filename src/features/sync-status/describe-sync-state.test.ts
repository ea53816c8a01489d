import { describe, expect, it } from 'vitest';
import { initialSyncState, type SyncState } from '@sync/engine/sync-state';
import { describeAge, describePending, describeSyncState } from './describe-sync-state';

const now = Date.UTC(2026, 0, 1, 12);
const state = (patch: Partial<SyncState>): SyncState => ({ ...initialSyncState, ...patch });

describe('describeSyncState', () => {
  it('says what the server has, most urgent first', () => {
    expect(describeSyncState(null, now)).toEqual({ tone: 'neutral', text: 'This device only' });
    expect(describeSyncState(state({ online: false, pending: 3, pendingItems: { runs: 2, prompts: 1 }, syncing: true }), now).text).toBe('Offline · 3 pending');
    expect(describeSyncState(state({ syncing: true, pending: 3, pendingItems: { runs: 2, prompts: 1 } }), now).text).toBe('Syncing…');
    const letter = { id: 'x', label: 'Run', code: 'c', message: 'm', at: '', change: { table: 'prompts' as const, id: 'x', values: {}, clocks: {} }, entries: [] };
    expect(describeSyncState(state({ deadLetters: [letter], pending: 2, pendingItems: { runs: 1, prompts: 0 } }), now)).toEqual({ tone: 'error', text: '1 not synced' });
    expect(describeSyncState(state({ pending: 2, pendingItems: { runs: 2, prompts: 0 }, error: { kind: 'server', message: '503', at: '' } }), now)).toEqual({ tone: 'error', text: 'Sync error · 2 pending' });
    expect(describeSyncState(state({ pending: 7, pendingItems: { runs: 1, prompts: 1 } }), now).text).toBe('2 pending');
    expect(describeSyncState(state({ lastSyncedAt: new Date(now - 5 * 60_000).toISOString() }), now)).toEqual({ tone: 'ok', text: 'Synced 5 min ago' });
    expect(describeSyncState(state({}), now).text).toBe('Not synced yet');
  });

  it('counts a first sync in runs: those listed while they come, then those whose messages are here', () => {
    const syncing = state({ syncing: true });
    expect(describeSyncState(syncing, now, { listed: 2050, allListed: false, complete: 0 })).toEqual({ tone: 'busy', text: 'Syncing… 2,050 runs' });
    expect(describeSyncState(syncing, now, { listed: 1, allListed: false, complete: 0 }).text).toBe('Syncing… 1 run');
    expect(describeSyncState(syncing, now, { listed: 10_000, allListed: true, complete: 4_000 }).text).toBe('Syncing… 4,000 of 10,000 runs');
    // Offline or done, the first sync's count gives way to what matters then.
    expect(describeSyncState(state({ online: false, syncing: true }), now, { listed: 10, allListed: true, complete: 4 }).text).toBe('Offline');
    expect(describeSyncState(state({ lastSyncedAt: new Date(now).toISOString() }), now, { listed: 10, allListed: true, complete: 4 }).text).toBe('Synced just now');
  });

  it('counts what waits to sync as runs and prompts, never as the rows behind them', () => {
    expect(describePending({ runs: 1, prompts: 4 })).toBe('1 run and 4 prompts');
    expect(describePending({ runs: 2, prompts: 0 })).toBe('2 runs');
    expect(describePending({ runs: 0, prompts: 1 })).toBe('1 prompt');
    expect(describePending({ runs: 0, prompts: 0 })).toBe('Nothing');
  });

  it('words ages the way people say them', () => {
    expect(describeAge(new Date(now - 20_000).toISOString(), now)).toBe('just now');
    expect(describeAge(new Date(now - 3 * 3_600_000).toISOString(), now)).toBe('3 h ago');
  });
});
