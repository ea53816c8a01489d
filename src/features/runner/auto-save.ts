// The runner's saves and the save indicator's state, in one place (seed "Auto-Save Behavior"):
// the run is created on the first submission, each later user message is stored when sent, the reply
// is checkpointed locally while streaming and saved once when it completes. Nothing is saved on load.
import type { PromptRunsDB } from '@sync/db';
import type { Message, Result, Run } from '@sync/model';
import { checkpointMessage, createRun, renameRun, setCurrentLeaf, updateRun, type RunInit } from '@sync/store/runs';
import { noteWriteOutcome, retryWhileFull } from '@/pwa/storage-full';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error';
export interface SaveState {
  status: SaveStatus;
  error: string | null;
}

export const SAVED_VISIBLE_MS = 2000;

export interface AutoSave {
  /** First submission: creates the run holding the first message(s). */
  startRun(promptId: string, init: RunInit): Promise<Result<Run>>;
  /** A later user message, stored as it is sent so a crash mid-reply cannot orphan the reply. */
  saveSubmission(runId: string, message: Message): Promise<Result<Run>>;
  /** Local-only snapshot of a streaming reply (no outbox, no indicator). */
  checkpoint(message: Message): Promise<void>;
  /**
   * The exchange save: the finished reply (plus any reply a reload left streaming), shown as "Saved".
   * `shown`: when the reply may show as finished (see savedOrSlow): once saved, or once the save waits for
   * space ("Not saved"), or after SHOWN_UNSAVED_AFTER_MS.
   */
  saveExchange(runId: string, messages: Message[]): { saved: Promise<Result<Run>>; shown: Promise<unknown> };
  rename(runId: string, name: string): Promise<Result<Run>>;
  /** Branch switching moves the run's current leaf; quiet, like scrolling. */
  setLeaf(runId: string, leafId: string): Promise<Result<Run>>;
  dispose(): void;
}

/** How long a finished reply waits for a slow save before it shows as finished anyway. */
export const SHOWN_UNSAVED_AFTER_MS = 1_000;

/**
 * Resolves once `saving` settles, or after SHOWN_UNSAVED_AFTER_MS if it takes longer. A reply shows as
 * finished after this: shown before its save, a reload right after lost it when it came quicker than its
 * first checkpoint (a second), checkpoint and all.
 */
export function savedOrSlow(saving: Promise<unknown>): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise((done) => (timer = setTimeout(done, SHOWN_UNSAVED_AFTER_MS)));
  return Promise.race([saving, slow]).finally(() => clearTimeout(timer));
}

export function createAutoSave(db: PromptRunsDB, report: (state: SaveState) => void, savedVisibleMs = SAVED_VISIBLE_MS): AutoSave {
  let pending = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function track<T>(work: Promise<Result<T>>, announce: boolean): Promise<Result<T>> {
    pending += 1;
    clearTimeout(timer);
    report({ status: 'saving', error: null });
    const result = await work;
    pending -= 1;
    // A full disk raises the app-wide storage alert; the next successful save clears it.
    noteWriteOutcome(result);
    if (!result.ok) {
      report({ status: 'error', error: result.error.message });
    } else if (pending === 0) {
      report({ status: announce ? 'saved' : 'idle', error: null });
      if (announce) timer = setTimeout(() => report({ status: 'idle', error: null }), savedVisibleMs);
    }
    return result;
  }

  return {
    startRun: (promptId, init) => track(createRun(db, promptId, init), false),
    saveSubmission: (runId, message) => track(updateRun(db, runId, { append: [message], current_leaf_id: message.id }), false),
    async checkpoint(message) {
      const result = await checkpointMessage(db, message);
      // A failed checkpoint only risks a second of text on a crash; the exchange save reports real failures.
      if (!result.ok) console.warn('[prompt-runs] checkpoint failed', result.error);
    },
    saveExchange(runId, messages) {
      const leaf = messages[messages.length - 1];
      const write = () => updateRun(db, runId, { append: messages, ...(leaf ? { current_leaf_id: leaf.id } : {}) });
      // The reply exists only in memory until this lands: on a full disk keep it and retry until space frees,
      // showing "Not saved" meanwhile (storage-full.ts). Not cancelled by dispose: leaving the page must not drop it.
      let waited = () => {};
      const waits = new Promise<void>((done) => (waited = done));
      const waiting = (error: Error) => {
        waited();
        report({ status: 'error', error: error.message });
      };
      const saved = track(retryWhileFull(write, waiting), true);
      return { saved, shown: savedOrSlow(Promise.race([saved, waits])) };
    },
    rename: (runId, name) => track(renameRun(db, runId, name), true),
    setLeaf: (runId, leafId) => setCurrentLeaf(db, runId, leafId),
    dispose: () => clearTimeout(timer),
  };
}
