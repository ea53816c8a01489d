// Stores what a chat export held, batch by batch (each batch one transaction with its outbox entries, so
// a cancel or a crash keeps the batches done and importing again adds only the rest). Nothing already here
// is overwritten: a conversation already imported only gains the messages it did not have.
import type { PromptRunsDB } from '../db';
import { laterActivity, runActivity } from '../merge';
import { AppError, PROMPT_EDITABLE_FIELDS, RUN_EDITABLE_FIELDS, err, ok, type Message, type Prompt, type Result, type Run } from '../model';
import { clockFor } from '../clock';
import { declareFreshRows } from '../fresh-rows';
import { bulkLoad, markRunsForIndexing } from '../search/search-index';
import { enqueue, numberFreshEntries, toAppError } from '../store/write';
import type { ChatSource } from './conversation';
import { importedPromptId, type ImportedRun } from './to-records';
import type { ChatBatch, ChatExportEnd } from './read-chat-export';
import { messagesOfRun } from '../run-messages';
import { purgedAmong } from '../purged-runs';
import { writeInParts } from '../store/write-in-parts';

export interface ChatImportReport {
  source: ChatSource | null;
  /** Conversations that became new runs. */
  added: number;
  /** Conversations already here that gained messages (a later export of a longer conversation). */
  updated: number;
  /** Conversations already here with nothing new. */
  unchanged: number;
  messagesAdded: number;
  /** Messages cut to the size the app keeps. */
  truncated: number;
  /** One line per conversation left out, saying why. */
  skipped: string[];
  /** Stopped by the person: what was stored stays. */
  cancelled: boolean;
  /** The file broke off or was damaged part way; what came before was stored. */
  damaged: string | null;
}

export interface ChatImportProgress {
  bytesRead: number;
  totalBytes: number;
  /** Conversations read so far. */
  conversations: number;
}

export const emptyReport = (): ChatImportReport => ({
  source: null, added: 0, updated: 0, unchanged: 0, messagesAdded: 0, truncated: 0, skipped: [], cancelled: false, damaged: null,
});

/** The account's "Imported" prompt, made (or brought back from the deleted) the first time it is needed. */
export async function ensureImportedPrompt(db: PromptRunsDB, salt: string): Promise<string> {
  const id = importedPromptId(salt);
  await db.transaction('rw', [db.prompts, db.outbox, db.meta], async () => {
    const existing = await db.prompts.get(id);
    const now = clockFor(db).nowIso();
    if (!existing) {
      const prompt: Prompt = {
        id,
        user_id: null,
        name: 'Imported',
        description: 'Conversations brought in from ChatGPT and Claude exports.',
        system_message: '',
        user_template: '',
        variables: [],
        settings: { provider: 'echo', model_id: 'echo' },
        status: 'active',
        created_at: now,
        updated_at: now,
        field_updated_at: Object.fromEntries(PROMPT_EDITABLE_FIELDS.map((f) => [f, now])),
      };
      await db.prompts.add(prompt);
      await enqueue(db, { table: 'prompts', rowId: id, fields: [...PROMPT_EDITABLE_FIELDS], isNew: true });
    } else if (existing.status === 'deleted') {
      await db.prompts.put({ ...existing, status: 'active', updated_at: now, field_updated_at: { ...existing.field_updated_at, status: now } });
      await enqueue(db, { table: 'prompts', rowId: id, fields: ['status'] });
    }
  });
  return id;
}

const label = (run: Run) => `“${run.name.slice(0, 80)}”`;

/**
 * Messages (and outbox entries) per write request while a batch is stored. Issuing a request serializes
 * its rows on the page's thread (the first two parts are issued in one task): parts of 300 made 15-18
 * tasks of 50-107 ms in a 3,000-conversation import in Chromium, parts of 60 made 3-8, in the same time.
 * At least 50: Dexie marks a request of 50 rows or more as one changed range, but a smaller one key by
 * key on every index, which froze the page for over a second when a batch's runs went in requests of a
 * few rows each.
 */
export const PART_ROWS = 60;

/** `rows` in parts of `size`, a short tail (under 50) joined to the part before it. */
function partsOf<T>(rows: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let at = 0; at < rows.length; at += size) parts.push(rows.slice(at, at + size));
  const tail = parts.length > 1 ? parts[parts.length - 1]! : null;
  if (tail && tail.length < 50) parts[parts.length - 2]!.push(...parts.pop()!);
  return parts;
}

/** Thrown inside a batch's transaction to abandon it when the import is cancelled. */
class ImportCancelled extends Error {}

/**
 * One batch, in one transaction. The messages and their outbox entries go in parts, each issued while
 * the one before it is being written: the storage engine always has a part to write while the page
 * serializes the next, and the page is never held by one request's thousands of rows. The runs, which
 * carry a dozen indexes, go in one request at the end. Cancelled between two parts, the transaction is
 * abandoned: nothing of the batch is kept (false), and the report counts only what was stored.
 */
export async function storeImportedRuns(db: PromptRunsDB, imported: readonly ImportedRun[], report: ChatImportReport, signal?: AbortSignal): Promise<boolean> {
  const ids = imported.map((r) => r.run.id);
  const counted = emptyReport();
  try {
    await db.transaction('rw', [db.runs, db.messages, db.outbox, db.meta, db.purged, db.searchPending], async () => {
      // Indexed run by run (one search marker per run, not one per message), as a first sync does.
      bulkLoad();
      const [locals, purged] = await Promise.all([db.runs.bulkGet(ids), purgedAmong(db, ids)]);
      // The message ids of runs already here, read at once rather than run after run.
      const held = await Promise.all(ids.map((id, i) => (locals[i] ? messagesOfRun(db.messages, id).primaryKeys() : [])));
      const newRuns: Run[] = [];
      const newMessages: Message[] = [];
      const grown: Run[] = [];
      const queue: Parameters<typeof numberFreshEntries>[1][number][] = [];
      for (const [i, { run, messages, truncated }] of imported.entries()) {
        const local = locals[i];
        if (purged[i]) {
          counted.skipped.push(`${label(run)}: it was deleted forever on this device.`);
          continue;
        }
        counted.truncated += truncated;
        if (!local) {
          newRuns.push(run);
          newMessages.push(...messages);
          // One entry for the run and all its messages (build-batch reads them by run).
          queue.push({ table: 'runs', rowId: run.id, fields: [...RUN_EDITABLE_FIELDS], isNew: true, wholeRun: true });
          counted.added += 1;
          counted.messagesAdded += messages.length;
          continue;
        }
        const here = new Set(held[i] as string[]);
        const fresh = messages.filter((m) => !here.has(m.id));
        if (fresh.length === 0) {
          counted.unchanged += 1;
          continue;
        }
        newMessages.push(...fresh);
        queue.push(...fresh.map((m) => ({ table: 'messages' as const, rowId: m.id, runId: run.id, isNew: true })));
        const activity = laterActivity(
          { last_message_at: local.last_message_at, last_message_preview: local.last_message_preview },
          runActivity(local.created_at, fresh),
        );
        grown.push({ ...local, ...activity, message_count: local.message_count + fresh.length });
        counted.updated += 1;
        counted.messagesAdded += fresh.length;
      }
      // Every row queued here is added here, so none is queued yet (a grown run's own row is not queued).
      const entries = await numberFreshEntries(db, queue);
      // Every message written here is new (a run's id and its messages' ids derive from the same
      // conversation, and those of a run already here were left out above): a put skips the storage
      // engine's check for an existing key that an add costs per row, and the usage totals read nothing.
      declareFreshRows('messages');
      const messageParts = partsOf(newMessages, PART_ROWS);
      const entryParts = partsOf(entries, PART_ROWS);
      await writeInParts(
        Math.max(messageParts.length, entryParts.length),
        (part) =>
          Promise.all([
            messageParts[part] ? db.messages.bulkPut(messageParts[part]!) : undefined,
            entryParts[part] ? db.outbox.bulkPut(entryParts[part]!) : undefined,
          ]),
        () => {
          if (signal?.aborted) throw new ImportCancelled();
        },
      );
      if (signal?.aborted) throw new ImportCancelled();
      await Promise.all([
        db.runs.bulkAdd(newRuns),
        grown.length ? db.runs.bulkPut(grown) : undefined,
        markRunsForIndexing(db, [...newRuns, ...grown].map((r) => r.id)),
      ]);
    });
  } catch (error) {
    if (error instanceof ImportCancelled) return false;
    throw error;
  }
  // Counted once the batch is stored.
  report.skipped.push(...counted.skipped);
  report.truncated += counted.truncated;
  report.added += counted.added;
  report.updated += counted.updated;
  report.unchanged += counted.unchanged;
  report.messagesAdded += counted.messagesAdded;
  return true;
}

/** Where batches come from: the reader itself, or a Web Worker running it. */
export type ChatBatchSource = AsyncIterator<ChatBatch, ChatExportEnd>;

export interface ChatImportOptions {
  totalBytes: number;
  /** What the records' ids were derived from (importSalt): the "Imported" prompt's id follows from it. */
  salt: string;
  signal?: AbortSignal;
  onProgress?(progress: ChatImportProgress): void;
}

/**
 * Store every batch the source hands over, reporting progress after each. `not_chat_export` (an
 * AppError 'invalid_input' whose cause is the string 'not-chat-export') tells the caller to try this
 * app's own format instead.
 */
export async function storeChatBatches(db: PromptRunsDB, source: ChatBatchSource, options: ChatImportOptions): Promise<Result<ChatImportReport>> {
  const report = emptyReport();
  let promptReady = false;
  // The indexer waits for the last batch (search reads the runs still pending meanwhile).
  const release = db.holdIndexing();
  const stop = async () => {
    try {
      await source.return?.();
    } catch {
      // The source is being dropped anyway.
    }
  };
  try {
    for (;;) {
      if (options.signal?.aborted) {
        await stop();
        return ok({ ...report, cancelled: true });
      }
      const next = await source.next();
      if (next.done) {
        if (next.value.kind === 'not-chat-export') return err(new AppError('invalid_input', 'This file is not a ChatGPT or Claude export.', 'not-chat-export'));
        if (next.value.kind === 'damaged') report.damaged = next.value.message;
        break;
      }
      const batch = next.value;
      report.source ??= batch.source;
      report.skipped.push(...batch.skipped);
      if (batch.runs.length > 0) {
        // Made only once the file proves to hold conversations.
        if (!promptReady) await ensureImportedPrompt(db, options.salt);
        promptReady = true;
        if (!(await storeImportedRuns(db, batch.runs, report, options.signal))) {
          await stop();
          return ok({ ...report, cancelled: true });
        }
      }
      options.onProgress?.({ bytesRead: batch.bytesRead, totalBytes: options.totalBytes, conversations: batch.seen });
    }
  } catch (error) {
    await stop();
    return err(toAppError(error));
  } finally {
    release();
  }
  if (report.source === null && report.added + report.updated + report.unchanged === 0 && report.skipped.length === 0 && !report.damaged) {
    return err(new AppError('invalid_input', 'This file holds no conversations.'));
  }
  return ok(report);
}

/** What imported ids are derived from: the account's database, so every device of an account agrees. */
export const importSalt = (db: PromptRunsDB) => db.name;
