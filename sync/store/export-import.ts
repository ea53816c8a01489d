// Runs as one lossless JSON file (every branch, variables, settings, metadata and the prompts they came
// from) and back again. Import validates everything it reads and is idempotent: ids are kept, so the
// same file twice adds nothing the second time.
import type { PromptRunsDB } from '../db';
import { AppError, err, ok, type Message, type Prompt, type Result, type Run } from '../model';
import { parseMessageRecord, parsePromptRecord, parseRunRecord } from '../parse-records';
import { bulkLoad, markRunsForIndexing } from '../search/search-index';
import { timeSlicer, yieldToMain } from '../yield';
import { countVisible } from './visible-count';
import { enqueueMany, toAppError } from './write';
import { messagesOfRun } from '../run-messages';

export const EXPORT_FORMAT = 'prompt-runs-export';
export const EXPORT_VERSION = 1;

export interface RunExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exported_at: string;
  prompts: Prompt[];
  runs: Array<{ run: Run; messages: Message[] }>;
}

/** The runs given (all runs not deleted forever when `ids` is omitted) with their messages and prompts. */
export async function exportRuns(db: PromptRunsDB, ids?: readonly string[]): Promise<RunExport> {
  const purged = new Set((await db.purged.toCollection().primaryKeys()) as string[]);
  const rows = ids ? (await db.runs.bulkGet([...ids])).filter((r) => r !== undefined) : await db.runs.toArray();
  const runs = rows.filter((r) => !purged.has(r.id));
  const promptIds = [...new Set(runs.map((r) => r.prompt_id))];
  const prompts = (await db.prompts.bulkGet(promptIds)).filter((p) => p !== undefined);
  const entries = await Promise.all(
    runs.map(async (run) => ({
      run,
      messages: (await db.messages.where('[runId+createdAt]').between([run.id, ''], [run.id, '\uffff']).toArray()).filter(
        (m) => m.status !== 'streaming',
      ),
    })),
  );
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exported_at: new Date().toISOString(), prompts, runs: entries };
}

export interface ImportReport {
  runsAdded: number;
  runsUpdated: number;
  runsUnchanged: number;
  /** Runs of the file already here, unchanged, but in the Trash (so not in the list): the app offers to restore them. */
  inTrash: string[];
  messagesAdded: number;
  promptsAdded: number;
  /** One line per record that was not imported, saying why. */
  skipped: string[];
  /** Stopped by the caller: what is listed was imported; importing the file again adds the rest. */
  cancelled: boolean;
}

export interface ImportProgress {
  /** Messages of the file stored (or found already here) so far, of `total`. */
  done: number;
  total: number;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Aborting stops the import between two batches; every batch written stays (and is not written twice). */
  signal?: AbortSignal;
}

/** Messages written per transaction: each batch commits on its own, so a cancel or a crash keeps what was done. */
const BATCH_MESSAGES = 2_000;

function parseEnvelope(text: string): Result<{ prompts: unknown[]; runs: unknown[] }> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return err(new AppError('invalid_input', 'This file is not valid JSON, so it cannot be a runs export.'));
  }
  const envelope = data as Partial<RunExport> | null;
  if (!envelope || typeof envelope !== 'object' || envelope.format !== EXPORT_FORMAT) {
    return err(new AppError('invalid_input', 'This is not a prompt-runs export file (its "format" is missing or different).'));
  }
  if (typeof envelope.version !== 'number' || envelope.version > EXPORT_VERSION) {
    return err(new AppError('invalid_input', `This export was made by a newer version of the app (file version ${String(envelope.version)}). Update the app to import it.`));
  }
  if (!Array.isArray(envelope.runs) || !Array.isArray(envelope.prompts ?? [])) {
    return err(new AppError('invalid_input', 'This export file is damaged: its list of runs is missing.'));
  }
  return ok({ prompts: envelope.prompts ?? [], runs: envelope.runs });
}

type Entry = { run: Run; messages: Message[] };

/** Every record checked, in slices so a large file never holds the page for long. */
async function validate(raw: { prompts: unknown[]; runs: unknown[] }, report: ImportReport) {
  const slice = timeSlicer();
  const prompts: Prompt[] = [];
  for (const item of raw.prompts) {
    const p = parsePromptRecord(item);
    if (p.ok) prompts.push(p.value);
    else report.skipped.push(`A prompt: ${p.error.message}`);
  }
  const runs: Entry[] = [];
  for (const [i, item] of raw.runs.entries()) {
    const entry = item as { run?: unknown; messages?: unknown } | null;
    const run = parseRunRecord(entry?.run);
    if (!run.ok) {
      report.skipped.push(`Run ${i + 1}: ${run.error.message}`);
      continue;
    }
    const messages: Message[] = [];
    for (const m of Array.isArray(entry?.messages) ? entry.messages : []) {
      const restored = parseMessageRecord({ ...(m as object), runId: run.value.id });
      if (restored.ok) messages.push(restored.value);
      else report.skipped.push(`A message of “${run.value.name}”: ${restored.error.message}`);
      await slice.maybeYield();
    }
    runs.push({ run: run.value, messages });
  }
  return { prompts, runs };
}

/**
 * Import an export file's text, batch by batch (each its own transaction), reporting progress. A
 * malformed or foreign file changes nothing and says why; a cancelled import keeps what it wrote.
 */
export async function importRuns(db: PromptRunsDB, text: string, options: ImportOptions = {}): Promise<Result<ImportReport>> {
  const parsed = parseEnvelope(text);
  if (!parsed.ok) return parsed;
  const report: ImportReport = { runsAdded: 0, runsUpdated: 0, runsUnchanged: 0, inTrash: [], messagesAdded: 0, promptsAdded: 0, skipped: [], cancelled: false };
  const { prompts, runs } = await validate(parsed.value, report);
  const total = runs.reduce((n, e) => n + e.messages.length, 0);
  let done = 0;
  options.onProgress?.({ done, total });
  try {
    const known = await db.transaction('rw', [db.prompts, db.outbox, db.meta], async () => {
      const ids = new Set((await db.prompts.toCollection().primaryKeys()) as string[]);
      const fresh = prompts.filter((p) => !ids.has(p.id));
      await db.prompts.bulkAdd(fresh);
      await enqueueMany(db, fresh.map((p) => ({ table: 'prompts' as const, rowId: p.id, isNew: true })));
      report.promptsAdded += fresh.length;
      for (const p of fresh) ids.add(p.id);
      return ids;
    });
    for (let start = 0; start < runs.length; ) {
      if (options.signal?.aborted) return ok({ ...report, cancelled: true });
      let end = start;
      let size = 0;
      while (end < runs.length && (end === start || size + runs[end]!.messages.length <= BATCH_MESSAGES)) size += runs[end++]!.messages.length;
      const batch = runs.slice(start, end);
      await db.transaction('rw', [db.prompts, db.runs, db.messages, db.outbox, db.meta, db.purged, db.searchPending], async () => {
        bulkLoad();
        await applyBatch(db, known, batch, report);
      });
      done += size;
      options.onProgress?.({ done, total });
      start = end;
      // Between batches the page paints the progress and takes input (Cancel).
      await yieldToMain();
    }
  } catch (error) {
    return err(toAppError(error));
  }
  return ok(report);
}

/** One batch of runs, inside the caller's transaction: what is new or newer is written and queued for upload. */
async function applyBatch(db: PromptRunsDB, knownPrompts: Set<string>, batch: readonly Entry[], report: ImportReport) {
  const ids = batch.map((e) => e.run.id);
  const [purged, locals, localKeys] = await Promise.all([
    db.purged.bulkGet(ids),
    db.runs.bulkGet(ids),
    Promise.all(ids.map((id) => db.messages.where('[runId+createdAt]').between([id, ''], [id, '\uffff']).primaryKeys())),
  ]);
  // Only messages already on the device are read back (a streaming one is replaced by the file's).
  const overlap = batch.flatMap((e, i) => {
    const here = new Set(localKeys[i] as string[]);
    return e.messages.filter((m) => here.has(m.id)).map((m) => m.id);
  });
  const existing = new Map((await db.messages.bulkGet(overlap)).flatMap((m) => (m ? [[m.id, m] as const] : [])));
  // A run already here may hold messages the file lacks: its visible count is taken over all of them.
  const stored = await Promise.all(ids.map((id, i) => (locals[i] ? messagesOfRun(db.messages, id).toArray() : [])));
  const held = (i: number, fresh: readonly Message[]) => [...new Map([...stored[i]!, ...fresh].map((m) => [m.id, m])).values()];
  const queue: Parameters<typeof enqueueMany>[1][number][] = [];
  const putRuns: Run[] = [];
  const putMessages: Message[] = [];
  batch.forEach(({ run, messages }, i) => {
    if (!knownPrompts.has(run.prompt_id)) return void report.skipped.push(`Run “${run.name}”: its prompt is neither on this device nor in the file.`);
    if (purged[i]) return void report.skipped.push(`Run “${run.name}”: it was deleted forever on this device.`);
    const fresh = messages.filter((m) => !existing.has(m.id) || existing.get(m.id)!.status === 'streaming');
    putMessages.push(...fresh);
    queue.push(...fresh.map((m) => ({ table: 'messages' as const, rowId: m.id, runId: run.id, isNew: true })));
    report.messagesAdded += fresh.length;
    const local = locals[i];
    const completed = fresh.filter((m) => m.status !== 'streaming').length;
    const count = (local?.message_count ?? 0) + completed;
    if (!local) {
      putRuns.push({ ...run, message_count: count, visible_message_count: countVisible(messages, run.current_leaf_id) });
      queue.push({ table: 'runs', rowId: run.id, isNew: true });
      report.runsAdded += 1;
    } else if (run.updated_at > local.updated_at) {
      // The file's copy is newer: its fields win, as a sync pull would.
      putRuns.push({ ...run, message_count: count, visible_message_count: countVisible(held(i, fresh), run.current_leaf_id) });
      queue.push({ table: 'runs', rowId: run.id, fields: ['name', 'description', 'status', 'is_starred', 'is_pinned', 'current_leaf_id'] });
      report.runsUpdated += 1;
    } else if (fresh.length > 0) {
      putRuns.push({ ...local, message_count: count, visible_message_count: countVisible(held(i, fresh), local.current_leaf_id) });
      report.runsUpdated += 1;
    } else if (local.status === 'deleted') {
      report.inTrash.push(run.id);
    } else {
      report.runsUnchanged += 1;
    }
  });
  await db.messages.bulkPut(putMessages);
  await db.runs.bulkPut(putRuns);
  await markRunsForIndexing(db, putRuns.map((r) => r.id));
  await enqueueMany(db, queue);
}
