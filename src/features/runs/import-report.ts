// What an import says when it is done, in words and numbers that match what it stored.
import type { ChatImportReport } from '@sync/import/store-imported';
import { SOURCE_NAMES } from '@sync/import/conversation';
import { count, grouped } from '@/lib/text/plural';

export interface ImportSummary {
  text: string;
  /** Reasons for what was left out, one per line (shown under the summary). */
  details: string[];
  /** Something was left out or went wrong: said as an alert. */
  problem: boolean;
}

export function summarizeChatImport(r: ChatImportReport): ImportSummary {
  const from = r.source ? ` from ${SOURCE_NAMES[r.source]}` : '';
  const parts = [
    `${count(r.added, 'conversation')} imported${from}`,
    r.updated ? `${count(r.updated, 'conversation')} updated with new messages` : '',
    r.unchanged ? `${grouped(r.unchanged)} already here` : '',
    r.skipped.length ? `${grouped(r.skipped.length)} skipped` : '',
  ].filter(Boolean);
  const notes = [
    r.truncated ? `${count(r.truncated, 'very long message')} cut to fit.` : '',
    r.damaged ?? '',
    r.cancelled ? 'Import cancelled: what was imported stays; import the same file again to add the rest.' : '',
  ].filter(Boolean);
  return {
    text: `${parts.join(', ')}${r.skipped.length ? ':' : '.'}${notes.length ? ` ${notes.join(' ')}` : ''}`,
    details: r.skipped,
    problem: r.skipped.length > 0 || r.damaged !== null,
  };
}
