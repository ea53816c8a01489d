// Keeps an open runner in step with the database: renames, stars and messages that arrive from other
// tabs or, through sync, from the user's other devices show up without a reload.
import type { PromptRunsDB } from '@sync/db';
import type { Run } from '@sync/model';
import { readRunMessages, watchRun } from '@sync/store/runs';
import type { RunnerStore } from './runner-store';

/** `onGone`: the open run left the database (taken away by sync, e.g. a member removed from a shared run). */
export function followStoredRun(db: PromptRunsDB, store: RunnerStore, onGone?: () => void): () => void {
  let stopWatching: (() => void) | null = null;
  let watchedId: string | null = null;

  /** The row counts messages this session does not show, or names a leaf it does not hold. */
  const lacksSome = (run: Run) => {
    const s = store.getState();
    const completed = s.messages.filter((m) => m.status !== 'streaming').length;
    return run.message_count > completed || (run.current_leaf_id !== null && !s.messages.some((m) => m.id === run.current_leaf_id));
  };

  const watch = (runId: string) => {
    stopWatching?.();
    watchedId = runId;
    stopWatching = watchRun(db, runId, (run, held) => {
      const s = store.getState();
      // Messages are read only when the row says there are some this session lacks, or more are held
      // here than it shows (a first sync's, stored after the run was opened).
      if (!lacksSome(run) && held <= s.messages.length) return s.applyStored(run, null);
      void readRunMessages(db, runId).then(({ messages }) => store.getState().applyStored(run, messages));
    }, onGone, lacksSome);
  };

  const initial = store.getState().run?.id;
  if (initial) watch(initial);
  const unsubscribe = store.subscribe((s) => {
    if (s.run && s.run.id !== watchedId) watch(s.run.id);
  });
  return () => {
    unsubscribe();
    stopWatching?.();
  };
}
