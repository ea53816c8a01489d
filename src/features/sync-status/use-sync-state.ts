// The active engine's state for React (null when nothing syncs: local-only or signed out).
import { useSyncExternalStore } from 'react';
import type { SyncEngine } from '@sync/engine/sync-engine';
import type { SyncState } from '@sync/engine/sync-state';

const noop = () => () => undefined;

export function useSyncState(engine: SyncEngine | null): SyncState | null {
  return useSyncExternalStore(engine ? engine.subscribe : noop, () => engine?.getState() ?? null);
}
