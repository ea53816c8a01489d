// Reads a ChatGPT or Claude conversations.json as a stream, one conversation at a time, so a 100 MB file
// never sits in memory whole (nor its parsed tree): only the conversation being read and the batch being
// handed over. Runs in the import's Web Worker (or in the page where there is none). Never throws: a
// damaged file ends the stream with what was read and why it stopped.
import { JSONParser } from '@streamparser/json';
import { readChatGptConversation } from './chatgpt';
import { readClaudeConversation } from './claude';
import { conversationLabel, isObject, SOURCE_NAMES, type ChatSource, type ReadConversation } from './conversation';
import { toRecords, type ImportedRun, type RecordContext } from './to-records';

export interface ChatBatch {
  runs: ImportedRun[];
  /** One line per conversation left out, saying why. */
  skipped: string[];
  /** Bytes of the file read so far (for the progress bar). */
  bytesRead: number;
  /** Conversations read so far, kept or not. */
  seen: number;
  source: ChatSource | null;
}

export type ChatExportEnd =
  | { kind: 'done' }
  /** Not an array of conversations: maybe this app's own export (the caller tries that). */
  | { kind: 'not-chat-export' }
  /** The JSON breaks off or is invalid after `seen` conversations; those were handed over. */
  | { kind: 'damaged'; message: string };

export interface ReadOptions extends RecordContext {
  /** Hand over a batch when it holds this many messages (or conversations/20). */
  batchMessages?: number;
}

function readConversation(raw: unknown): { source: ChatSource | null; read: ReadConversation } {
  if (isObject(raw) && 'mapping' in raw) return { source: 'chatgpt', read: readChatGptConversation(raw) };
  if (isObject(raw) && 'chat_messages' in raw) return { source: 'claude', read: readClaudeConversation(raw) };
  return { source: null, read: { ok: false, reason: 'it is neither a ChatGPT nor a Claude conversation' } };
}

/** The first character that is not white space (or a byte-order mark), or null if none yet. */
function firstSignificant(chunk: Uint8Array): number | null {
  let i = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
  for (; i < chunk.length; i += 1) {
    const b = chunk[i]!;
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return b;
  }
  return null;
}

export async function* readChatExport(stream: ReadableStream<Uint8Array>, options: ReadOptions): AsyncGenerator<ChatBatch, ChatExportEnd> {
  // Batches of a few thousand messages: fewer commits (each refreshes the lists on screen), and a batch is
  // stored in parts (store-imported.ts), so its size holds neither the page nor a cancel.
  const limit = options.batchMessages ?? 4_000;
  const reader = stream.getReader();
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false, stringBufferSize: 64 * 1024 });
  let batch: ChatBatch = { runs: [], skipped: [], bytesRead: 0, seen: 0, source: null };
  let messagesInBatch = 0;
  let checkedStart = false;
  let bytesRead = 0;
  let seen = 0;
  let source: ChatSource | null = null;
  parser.onValue = ({ value, stack }) => {
    if (stack.length !== 1) return;
    const index = seen;
    seen += 1;
    const found = readConversation(value);
    source ??= found.source;
    if (!found.read.ok) {
      batch.skipped.push(`${conversationLabel(value, index)}: ${found.read.reason}.`);
      return;
    }
    const records = toRecords(found.read.value, options);
    batch.runs.push(records);
    messagesInBatch += records.messages.length;
    // One chunk of the file may hold many conversations: batches are cut here, handed over after the chunk.
    if (messagesInBatch >= limit || batch.runs.length >= Math.max(1, limit / 20)) ready.push(take());
  };
  const ready: ChatBatch[] = [];
  const take = (): ChatBatch => {
    const out = { ...batch, bytesRead, seen, source };
    batch = { runs: [], skipped: [], bytesRead, seen, source };
    messagesInBatch = 0;
    return out;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!checkedStart) {
        const first = firstSignificant(value);
        if (first === null) continue;
        checkedStart = true;
        if (first !== 0x5b /* [ */) {
          await reader.cancel();
          return { kind: 'not-chat-export' };
        }
      }
      bytesRead += value.byteLength;
      let failure: unknown = null;
      try {
        parser.write(value);
      } catch (error) {
        failure = error;
      }
      for (const full of ready.splice(0)) yield { ...full, bytesRead };
      if (failure !== null) {
        await reader.cancel().catch(() => undefined);
        yield take();
        return { kind: 'damaged', message: damageMessage(failure, seen) };
      }
    }
    if (!checkedStart) return { kind: 'not-chat-export' };
    try {
      if (!parser.isEnded) parser.end();
    } catch (error) {
      for (const full of ready.splice(0)) yield full;
      yield take();
      return { kind: 'damaged', message: damageMessage(error, seen) };
    }
    for (const full of ready.splice(0)) yield full;
    if (batch.runs.length > 0 || batch.skipped.length > 0 || seen === 0) yield take();
    return { kind: 'done' };
  } finally {
    reader.releaseLock();
  }
}

function damageMessage(error: unknown, seen: number): string {
  const detail = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 160) : 'invalid JSON';
  return `The file is damaged or cut short after ${seen} ${seen === 1 ? 'conversation' : 'conversations'} (${detail}); what came before was read.`;
}

export { SOURCE_NAMES };
