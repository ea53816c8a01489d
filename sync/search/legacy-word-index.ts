// The version-3 upgrade of the device database, kept as it was (an old version is never edited): it wrote
// every run and message into the multi-entry word index (`searchIndex`) that version 7 drops again. A
// database that old takes both steps; version 7 then marks every run for the current index.
import type { Transaction } from 'dexie';
import { messageDoc, runDoc, type SearchDoc } from './search-tokens';

export type { SearchDoc } from './search-tokens';

type Row = Record<string, unknown>;

function toDoc(table: string, value: Row): SearchDoc | null {
  if (typeof value?.id !== 'string') return null;
  if (table === 'runs') {
    return typeof value.name === 'string' ? runDoc({ id: value.id, name: value.name, description: String(value.description ?? '') }) : null;
  }
  return typeof value.runId === 'string' && typeof value.content === 'string'
    ? messageDoc({ id: value.id, runId: value.runId, content: value.content })
    : null;
}

/** Index every existing run and message into the version-3 word index. */
export async function indexExistingRows(tx: Transaction): Promise<void> {
  const docs: SearchDoc[] = [];
  const collect = (table: string) => (row: Row) => {
    const doc = toDoc(table, row);
    if (doc) docs.push(doc);
  };
  await tx.table('runs').each(collect('runs'));
  await tx.table('messages').each(collect('messages'));
  await tx.table('searchIndex').bulkPut(docs);
}
