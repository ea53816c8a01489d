// Runs as one lossless JSON file (every branch, variables, settings, metadata and the prompts they came
// from) and back again. Import validates everything it reads and is idempotent: ids are kept, so the
// same file twice adds nothing the second time.
import type { PromptRunsDB } from '../db';
import { AppError, err, ok, type Message, type Prompt, type Result, type Run } from '../model';
import { parseMessageRecord, parsePromptRecord, parseRunRecord } from '../parse-records';
import { enqueueMany, toAppError } from './write';

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
  messagesAdded: number;
  promptsAdded: number;
  /** One line per record that was not imported, saying why. */
  skipped: string[];
}

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

/** Import an export file's text. A malformed or foreign file changes nothing and says why. */
export async function importRuns(db: PromptRunsDB, text: string): Promise<Result<ImportReport>> {
  const parsed = parseEnvelope(text);
  if (!parsed.ok) return parsed;
  const report: ImportReport = { runsAdded: 0, runsUpdated: 0, runsUnchanged: 0, messagesAdded: 0, promptsAdded: 0, skipped: [] };
  const prompts: Prompt[] = [];
  for (const raw of parsed.value.prompts) {
    const p = parsePromptRecord(raw);
    if (p.ok) prompts.push(p.value);
    else report.skipped.push(`A prompt: ${p.error.message}`);
  }
  const runs: Array<{ run: Run; messages: Message[] }> = [];
  for (const [i, raw] of parsed.value.runs.entries()) {
    const entry = raw as { run?: unknown; messages?: unknown } | null;
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
    }
    runs.push({ run: run.value, messages });
  }
  try {
    await db.transaction('rw', [db.prompts, db.runs, db.messages, db.outbox, db.meta, db.purged], async () => {
      await applyImport(db, prompts, runs, report);
    });
  } catch (error) {
    return err(toAppError(error));
  }
  return ok(report);
}

async function applyImport(db: PromptRunsDB, prompts: Prompt[], runs: Array<{ run: Run; messages: Message[] }>, report: ImportReport) {
  const queue: Parameters<typeof enqueueMany>[1][number][] = [];
  const knownPrompts = new Set((await db.prompts.toCollection().primaryKeys()) as string[]);
  for (const prompt of prompts) {
    if (knownPrompts.has(prompt.id)) continue;
    await db.prompts.add(prompt);
    knownPrompts.add(prompt.id);
    queue.push({ table: 'prompts', rowId: prompt.id, isNew: true });
    report.promptsAdded += 1;
  }
  for (const { run, messages } of runs) {
    if (!knownPrompts.has(run.prompt_id)) {
      report.skipped.push(`Run “${run.name}”: its prompt is neither on this device nor in the file.`);
      continue;
    }
    if (await db.purged.get(run.id)) {
      report.skipped.push(`Run “${run.name}”: it was deleted forever on this device.`);
      continue;
    }
    const existing = await db.messages.bulkGet(messages.map((m) => m.id));
    const fresh = messages.filter((_, i) => !existing[i] || existing[i].status === 'streaming');
    await db.messages.bulkPut(fresh);
    queue.push(...fresh.map((m) => ({ table: 'messages' as const, rowId: m.id, runId: run.id, isNew: true })));
    report.messagesAdded += fresh.length;
    const local = await db.runs.get(run.id);
    const count = await db.messages.where('runId').equals(run.id).filter((m) => m.status !== 'streaming').count();
    if (!local) {
      await db.runs.add({ ...run, message_count: count });
      queue.push({ table: 'runs', rowId: run.id, isNew: true });
      report.runsAdded += 1;
    } else if (run.updated_at > local.updated_at) {
      // The file's copy is newer: its fields win, as a sync pull would.
      await db.runs.put({ ...run, message_count: count });
      queue.push({ table: 'runs', rowId: run.id, fields: ['name', 'description', 'status', 'is_starred', 'is_pinned', 'current_leaf_id'] });
      report.runsUpdated += 1;
    } else if (fresh.length > 0) {
      await db.runs.put({ ...local, message_count: count });
      report.runsUpdated += 1;
    } else {
      report.runsUnchanged += 1;
    }
  }
  await enqueueMany(db, queue);
}
