// Imports a ChatGPT or Claude export: the file is read in a Web Worker (off the page's thread) and the
// page stores each batch it hands over (sync/import/store-imported.ts). Where module workers are missing
// (tests, old browsers) the same reader runs in the page, between batches.
import type { PromptRunsDB } from '@sync/db';
import { clockFor } from '@sync/clock';
import type { Result } from '@sync/model';
import { readChatExport, type ChatBatch, type ChatExportEnd } from '@sync/import/read-chat-export';
import { importSalt, storeChatBatches, type ChatBatchSource, type ChatImportOptions, type ChatImportReport } from '@sync/import/store-imported';
import { importedPromptId, type RecordContext } from '@sync/import/to-records';
import type { FromImportWorker, ToImportWorker } from './chat-import-messages';

function workerSource(file: Blob, context: RecordContext): ChatBatchSource {
  const worker = new Worker(new URL('./chat-import-worker.ts', import.meta.url), { type: 'module', name: 'chat-import' });
  const post = (message: ToImportWorker) => worker.postMessage(message);
  post({ type: 'start', file, context });
  let finished = false;
  const stop = () => {
    finished = true;
    worker.terminate();
  };
  return {
    next: () =>
      new Promise<IteratorResult<ChatBatch, ChatExportEnd>>((resolve, reject) => {
        if (finished) return resolve({ done: true, value: { kind: 'done' } });
        worker.onmessage = (event: MessageEvent<FromImportWorker>) => {
          const reply = event.data;
          if (reply.type === 'batch') return resolve({ done: false, value: reply.batch });
          stop();
          if (reply.type === 'end') resolve({ done: true, value: reply.end });
          else reject(new Error(reply.message));
        };
        worker.onerror = (event) => {
          stop();
          reject(new Error(event.message || 'The import could not read the file.'));
        };
        post({ type: 'next' });
      }),
    return: () => {
      stop();
      return Promise.resolve({ done: true, value: { kind: 'done' } as ChatExportEnd });
    },
  };
}

/** The file's bytes as a stream (a Blob without stream(), as in jsdom, is read whole first). */
function streamOf(file: Blob): ReadableStream<Uint8Array> {
  if (typeof file.stream === 'function') return file.stream();
  return new ReadableStream({
    async start(controller) {
      controller.enqueue(new TextEncoder().encode(await file.text()));
      controller.close();
    },
  });
}

export function importChatFile(db: PromptRunsDB, file: Blob, options: Omit<ChatImportOptions, 'salt' | 'totalBytes'> = {}): Promise<Result<ChatImportReport>> {
  const salt = importSalt(db);
  const context: RecordContext = { salt, promptId: importedPromptId(salt), now: clockFor(db).nowIso() };
  const source = typeof Worker === 'function' ? workerSource(file, context) : readChatExport(streamOf(file), context);
  return storeChatBatches(db, source, { ...options, salt, totalBytes: file.size });
}
