// What the page and the import's Web Worker say to each other: the page asks for the next batch when it
// has stored the last one; the worker reads at most one batch ahead of those requests.
import type { ChatBatch, ChatExportEnd } from '@sync/import/read-chat-export';
import type { RecordContext } from '@sync/import/to-records';

export type ToImportWorker =
  | { type: 'start'; file: Blob; context: RecordContext; batchMessages?: number }
  | { type: 'next' };

export type FromImportWorker =
  | { type: 'batch'; batch: ChatBatch }
  | { type: 'end'; end: ChatExportEnd }
  | { type: 'failed'; message: string };
