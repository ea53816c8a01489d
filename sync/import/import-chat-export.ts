// A chat export imported in the page itself: for tests and for browsers without module workers (the app
// normally reads the file in a Web Worker, src/lib/import/, and stores the batches here the same way).
import type { PromptRunsDB } from '../db';
import { clockFor } from '../clock';
import type { Result } from '../model';
import { readChatExport } from './read-chat-export';
import { importSalt, storeChatBatches, type ChatImportOptions, type ChatImportReport } from './store-imported';
import { importedPromptId } from './to-records';

export function importChatExport(
  db: PromptRunsDB,
  file: Blob,
  options: Omit<ChatImportOptions, 'salt' | 'totalBytes'> & { batchMessages?: number } = {},
): Promise<Result<ChatImportReport>> {
  const salt = importSalt(db);
  const source = readChatExport(file.stream(), {
    salt,
    promptId: importedPromptId(salt),
    now: clockFor(db).nowIso(),
    ...(options.batchMessages ? { batchMessages: options.batchMessages } : {}),
  });
  return storeChatBatches(db, source, { ...options, salt, totalBytes: file.size });
}
