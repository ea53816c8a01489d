// What the list, the bulk bar and the details dialog do to runs: each change commits locally first,
// then a toast reports it, with Undo putting every run back exactly as it was.
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import type { Result, Run } from '@sync/model';
import { archiveRun, deleteRun, describeRun, pinRun, renameRun, restoreRun, starRun } from '@sync/store/runs';
import { bulkRunAction, purgeRun, setRunStatus, type BulkAction } from '@sync/store/run-library-actions';
import { exportRuns } from '@sync/store/export-import';
import { saveRunAsTemplate } from '@sync/store/templates';
import { useDb } from '@/lib/data/db-context';
import { downloadFile } from './conversation-export';
import { showToast } from './toasts';
import { count } from '@/lib/text/plural';


function report<T>(result: Result<T>, done: string, undo?: () => Promise<unknown>): boolean {
  if (!result.ok) {
    showToast(result.error.message);
    return false;
  }
  showToast(done, undo ? () => void undo() : undefined);
  return true;
}

export function useRunActions() {
  const db = useDb();
  const navigate = useNavigate();
  return useMemo(() => {
    const undoStatus = (runs: Run[]) => async () => {
      for (const r of runs) await setRunStatus(db, r.id, r.status);
    };
    return {
      star: async (run: Run) => {
        const result = await starRun(db, run.id, !run.is_starred);
        if (!result.ok) showToast(result.error.message);
      },
      /** Pinned, a run heads its lists whatever their sort. */
      pin: async (run: Run) => {
        const result = await pinRun(db, run.id, !run.is_pinned);
        if (!result.ok) showToast(result.error.message);
      },
      rename: async (run: Run, name: string) => {
        const result = await renameRun(db, run.id, name);
        if (!result.ok) showToast(result.error.message);
        return result.ok;
      },
      describe: (run: Run, description: string) => describeRun(db, run.id, description),
      archive: async (run: Run) => report(await archiveRun(db, run.id), `Archived “${run.name}”`, undoStatus([run])),
      remove: async (run: Run) => report(await deleteRun(db, run.id), `Moved “${run.name}” to the trash`, undoStatus([run])),
      restore: async (run: Run) => report(await restoreRun(db, run.id), `Restored “${run.name}”`, undoStatus([run])),
      purge: async (run: Run) => report(await purgeRun(db, run.id), `Deleted “${run.name}” forever`),
      bulk: async (ids: string[], action: BulkAction) => {
        const outcome = await bulkRunAction(db, ids, action);
        const verb = { star: 'Starred', unstar: 'Unstarred', archive: 'Archived', delete: 'Moved to the trash:', restore: 'Restored' }[action];
        const undo =
          action === 'star' || action === 'unstar'
            ? async () => {
                for (const r of outcome.changed) await starRun(db, r.id, r.is_starred);
              }
            : undoStatus(outcome.changed);
        const failed = outcome.failed.length ? ` (${count(outcome.failed.length, 'run')} failed: ${outcome.failed[0]!.message})` : '';
        showToast(`${verb} ${count(outcome.changed.length, 'run')}${failed}`, outcome.changed.length ? () => void undo() : undefined);
      },
      exportRuns: async (ids?: string[]) => {
        const data = await exportRuns(db, ids);
        const stamp = new Date().toISOString().slice(0, 10);
        downloadFile(`prompt-runs-${ids ? `${data.runs.length}-runs` : 'all'}-${stamp}.json`, JSON.stringify(data, null, 2));
        showToast(`Exported ${count(data.runs.length, 'run')}`);
      },
      /** A new prompt from the run (its system message, first message, values as defaults, model), opened to edit. */
      saveAsTemplate: async (run: Run) => {
        const result = await saveRunAsTemplate(db, run.id);
        if (!result.ok) return void showToast(result.error.message);
        showToast(`Saved “${result.value.name}” as a new prompt`);
        void navigate(`/ai/prompts/${result.value.id}/edit`);
      },
      /** The runs as one PDF, made on the device (the PDF code loads on first use). */
      downloadPdf: async (ids: string[]) => {
        showToast(ids.length === 1 ? 'Making the PDF…' : `Making a PDF of ${count(ids.length, 'run')}…`);
        const { downloadRunsPdf } = await import('./pdf/download-runs-pdf');
        const result = await downloadRunsPdf(db, ids);
        showToast(result.ok ? `Downloaded a PDF of ${count(result.runs, 'run')}` : result.message);
      },
      /** A new run of the same prompt, prefilled with this run's variable values and model. */
      rerun: (run: Run) =>
        void navigate(`/ai/prompts/run/${run.prompt_id}`, {
          state: { fresh: true, rerun: { variable_values: run.variable_values, model: `${run.settings.provider}:${run.settings.model_id}` } },
        }),
    };
  }, [db, navigate]);
}

export type RunActions = ReturnType<typeof useRunActions>;
