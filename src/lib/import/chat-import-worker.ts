// The import's Web Worker: reads a chat export from the file, one conversation at a time, and hands the
// page one batch of runs per request, so parsing a 100 MB file never holds the page. It reads one batch
// ahead: while the page stores the batch it was given, the next one is parsed here, so reading and
// storing overlap and at most two batches are held at once.
/// <reference lib="webworker" />
import { readChatExport, type ChatBatch, type ChatExportEnd } from '@sync/import/read-chat-export';
import type { FromImportWorker, ToImportWorker } from './chat-import-messages';

declare const self: DedicatedWorkerGlobalScope;

let reader: AsyncGenerator<ChatBatch, ChatExportEnd> | null = null;
/** The batch being read ahead of the page's next request. */
let ahead: Promise<IteratorResult<ChatBatch, ChatExportEnd>> | null = null;

const send = (message: FromImportWorker) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<ToImportWorker>) => {
  const message = event.data;
  try {
    if (message.type === 'start') {
      reader = readChatExport(message.file.stream(), { ...message.context, ...(message.batchMessages ? { batchMessages: message.batchMessages } : {}) });
      ahead = reader.next();
      // An early failure is reported when the page asks for the batch.
      ahead.catch(() => undefined);
      return;
    }
    if (!reader || !ahead) return send({ type: 'failed', message: 'The import was not started.' });
    const next = await ahead;
    if (next.done) {
      ahead = null;
      return send({ type: 'end', end: next.value });
    }
    ahead = reader.next();
    ahead.catch(() => undefined);
    send({ type: 'batch', batch: next.value });
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
