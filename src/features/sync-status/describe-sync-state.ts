// The words of the sync badge, from the engine's state: what the server has, as opposed to the
// runner's "Saved" (which is about this device).
import type { SyncState } from '@sync/engine/sync-state';
import type { FirstSyncProgress } from '@/lib/data/use-first-sync-progress';
import { pick } from '@/lib/text/plural';
import { formatCount } from '@/lib/usage/format-usage';

export type SyncTone = 'neutral' | 'busy' | 'ok' | 'warning' | 'error';

export interface SyncSummary {
  tone: SyncTone;
  text: string;
}

/** "just now", "5 min ago", "3 h ago", else the date. */
export function describeAge(iso: string, nowMs: number): string {
  const minutes = Math.floor((nowMs - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ago`;
  return new Date(iso).toLocaleDateString();
}

const plural = new Intl.PluralRules('en');
/** "1 run", "2 runs": a count with the word it counts (English forms). */
export function count(n: number, one: string, other: string): string {
  return `${n} ${plural.select(n) === 'one' ? one : other}`;
}

/** What waits to sync, as a person counts it: "1 run and 4 prompts" (messages count as their run). */
export function describePending(items: SyncState['pendingItems']): string {
  const parts = [items.runs > 0 ? count(items.runs, 'run', 'runs') : '', items.prompts > 0 ? count(items.prompts, 'prompt', 'prompts') : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' and ') : 'Nothing';
}

/**
 * A new device's first sync as a person counts it: the runs listed so far while they come ("2,050 runs"),
 * then how many of them have their messages ("4,000 of 10,000 runs").
 */
export function describeFirstSync(progress: FirstSyncProgress): string {
  const runs = (n: number) => pick(n, 'run', 'runs');
  if (!progress.allListed) return `${formatCount(progress.listed)} ${runs(progress.listed)}`;
  return `${formatCount(progress.complete)} of ${formatCount(progress.listed)} ${runs(progress.listed)}`;
}

export function describeSyncState(state: SyncState | null, nowMs: number, firstSync: FirstSyncProgress | null = null): SyncSummary {
  if (!state) return { tone: 'neutral', text: 'This device only' };
  const waiting = state.pendingItems.runs + state.pendingItems.prompts;
  const pending = waiting > 0 ? ` · ${waiting} pending` : '';
  if (state.needsUpdate) return { tone: 'error', text: `Update needed to sync${pending}` };
  if (!state.online) return { tone: 'warning', text: `Offline${pending}` };
  if (state.syncing) return { tone: 'busy', text: firstSync ? `Syncing… ${describeFirstSync(firstSync)}` : 'Syncing…' };
  if (state.deadLetters.length > 0) return { tone: 'error', text: `${state.deadLetters.length} not synced` };
  if (state.recovered.length > 0) return { tone: 'warning', text: `${count(state.recovered.length, 'run', 'runs')} recovered` };
  if (state.error && waiting > 0) return { tone: 'error', text: `Sync error${pending}` };
  if (waiting > 0) return { tone: 'warning', text: `${waiting} pending` };
  if (state.lastSyncedAt) return { tone: 'ok', text: `Synced ${describeAge(state.lastSyncedAt, nowMs)}` };
  return { tone: 'neutral', text: 'Not synced yet' };
}
