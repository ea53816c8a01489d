// The import's Web Worker: reads a chat export from the file, one conversation at a time, and hands the
// page one batch of runs per request, so parsing a 100 MB file never holds the page.
/// <reference lib="webworker" />
import { readChatExport, type ChatBatch, type ChatExportEnd } from '@sync/import/read-chat-export';
import type { FromImportWorker, ToImportWorker } from './chat-import-messages';

declare const self: DedicatedWorkerGlobalScope;

let reader: AsyncGenerator<ChatBatch, ChatExportEnd> | null = null;

const send = (message: FromImportWorker) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<ToImportWorker>) => {
  const message = event.data;
  try {
    if (message.type === 'start') {
      reader = readChatExport(message.file.stream(), { ...message.context, ...(message.batchMessages ? { batchMessages: message.batchMessages } : {}) });
      return;
    }
    if (!reader) return send({ type: 'failed', message: 'The import was not started.' });
    const next = await reader.next();
    send(next.done ? { type: 'end', end: next.value } : { type: 'batch', batch: next.value });
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
