// The panel behind the sync badge: what is pending, when it last synced, the latest error, the runs kept
// from runs deleted forever on another device, and what could not sync, each with Retry and Discard.
import type { DeadLetter } from '@sync/engine/dead-letters';
import type { SyncEngine } from '@sync/engine/sync-engine';
import type { SyncState } from '@sync/engine/sync-state';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import type { FirstSyncProgress } from '@/lib/data/use-first-sync-progress';
import { count, describeAge, describeFirstSync, describePending } from './describe-sync-state';
import { RecoveredRuns } from './recovered-runs';

/** Refusals that leave nothing to send to: the text can be read and copied, not retried. */
const GONE = new Set(['membership_removed', 'run_purged']);

export function SyncDetails({ engine, state, nowMs, firstSync = null }: { engine: SyncEngine | null; state: SyncState | null; nowMs: number; firstSync?: FirstSyncProgress | null }) {
  if (!engine || !state) {
    return (
      <p className="text-sm text-slate-700">
        Changes are saved on this device. Sign in on the Account page to sync them to your other devices.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-3 text-sm text-slate-800">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="text-slate-500">Connection</dt>
        <dd>{state.online ? 'Online' : 'Offline'}</dd>
        <dt className="text-slate-500">Waiting to sync</dt>
        <dd>
          {describePending(state.pendingItems)}
          {state.oldestPendingAt && state.pending > 0 ? `, oldest from ${describeAge(state.oldestPendingAt, nowMs)}` : ''}
        </dd>
        <dt className="text-slate-500">Last synced</dt>
        <dd>{state.lastSyncedAt ? describeAge(state.lastSyncedAt, nowMs) : 'Never'}</dd>
        {firstSync && (
          <>
            <dt className="text-slate-500">First sync</dt>
            <dd>
              {firstSync.allListed
                ? `Messages here for ${describeFirstSync(firstSync)}`
                : `${describeFirstSync(firstSync)} listed so far, newest first`}
            </dd>
          </>
        )}
      </dl>
      {state.needsUpdate ? (
        <p className="text-red-700">
          This version of the app can no longer sync: the server needs a newer one. Reload to update (the notice at
          the top of the page); your changes stay on this device until then.
        </p>
      ) : state.error && (
        <p className="text-red-700">
          Last attempt failed: {state.error.message}
          {state.nextRetryAt ? ` Retrying in ${Math.max(1, Math.round((state.nextRetryAt - nowMs) / 1000))} s.` : ''}
        </p>
      )}
      <div>
        <Button onClick={() => void engine.syncNow()} disabled={state.syncing || state.needsUpdate}>
          Sync now
        </Button>
      </div>
      <RecoveredRuns engine={engine} recovered={state.recovered} />
      {state.deadLetters.length > 0 && (
        <section aria-labelledby="dead-letters-heading">
          <h3 id="dead-letters-heading" className="font-semibold">
            {count(state.deadLetters.length, 'change', 'changes')} could not sync
          </h3>
          <ul className="mt-1 flex flex-col gap-2">
            {state.deadLetters.map((letter) => (
              <li key={letter.id} aria-label={letter.label} className="rounded-md border border-red-200 p-2">
                <p className="font-medium">{letter.label}</p>
                <p className="text-slate-600">{letter.message}</p>
                <UnsavedText letter={letter} />
                <div className="mt-1 flex gap-2">
                  {/* Sending again cannot help once the run is gone (its owner removed me, or deleted it forever). */}
                  {GONE.has(letter.code) ? null : <Button onClick={() => void engine.retryDeadLetter(letter.id)}>Retry</Button>}
                  <Button variant="ghost" onClick={() => void engine.discardDeadLetter(letter.id)}>
                    Discard
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** What was written in a change that could not sync (messages), to read and copy before it is discarded. */
function UnsavedText({ letter }: { letter: DeadLetter }) {
  const messages = (letter.change?.append_messages ?? []).filter((m) => m.role !== 'system' && m.content.trim() !== '');
  if (messages.length === 0) return null;
  const text = messages.map((m) => `${m.role === 'user' ? 'You' : 'Reply'}: ${m.content}`).join('\n\n');
  return (
    <details className="mt-1">
      <summary className="min-h-11 cursor-pointer content-center">What was not saved ({count(messages.length, 'message', 'messages')})</summary>
      <p className="whitespace-pre-wrap break-words rounded bg-slate-50 p-2">{text}</p>
      <CopyButton text={text} variant="secondary" />
    </details>
  );
}
