// "Download PDF" of one run or a selection: read the runs from the device, make the PDF on the device
// (the PDF code and fonts load on first use) and hand it to the browser as a download.
import type { PromptRunsDB } from '@sync/db';
import { readRunDetails } from '@sync/store/run-queries';
import { listProviders } from '@/lib/llm/providers-store';
import { modelLabel } from '@/lib/llm/model-label';
import { variableRows } from '../run-facts';
import { downloadBlob, fileSafe } from '../conversation-export';
import type { RunForPdf } from './runs-pdf-document';

export async function downloadRunsPdf(db: PromptRunsDB, ids: readonly string[]): Promise<{ ok: true; runs: number } | { ok: false; message: string }> {
  try {
    const providers = await listProviders(db);
    const entries: RunForPdf[] = [];
    for (const id of ids) {
      const details = await readRunDetails(db, id);
      if (!details) continue;
      const { run, messages, prompt } = details;
      entries.push({ run, messages, promptName: prompt?.name ?? '', modelName: modelLabel(run.settings, providers), variables: variableRows(run, prompt) });
    }
    if (entries.length === 0) return { ok: false, message: 'Those runs are no longer on this device.' };
    const { makeRunsPdf } = await import('./make-pdf');
    const blob = await makeRunsPdf(entries);
    const stamp = new Date().toISOString().slice(0, 10);
    downloadBlob(entries.length === 1 ? `${fileSafe(entries[0]!.run.name)}.pdf` : `prompt-runs-${entries.length}-runs-${stamp}.pdf`, blob);
    return { ok: true, runs: entries.length };
  } catch (error) {
    const offline = error instanceof TypeError && /import|fetch|module/i.test(error.message);
    return { ok: false, message: offline ? 'The PDF maker could not load: connect once so the app can keep it for offline use.' : `The PDF could not be made: ${error instanceof Error ? error.message : String(error)}` };
  }
}
