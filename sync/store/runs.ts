// Runs on the device: metadata rows for fast lists, messages one record each (indexed by run), and an
// outbox entry beside every change, all in one transaction (DESIGN.md requirement 1).
import { liveQuery } from 'dexie';
import type { PromptRunsDB } from '../db';
import { AppError, RUN_EDITABLE_FIELDS, type Message, type ModelSettings, type Result, type Run, type RunEditableField, type RunStatus } from '../model';
import { parseRecords, parseMessageRecord, parseRunRecord } from '../parse-records';
import { clockFor, newId } from '../clock';
import { generateRunName } from '../naming';
import { laterActivity, runActivity } from '../merge';
import { checkFields, prepareMessages, type LimitProblem } from '../limits';
import { countVisible, extendVisible, leafAfterCut } from './visible-count';
import { enqueue, enqueueMany, mutate } from './write';
import { currentPromptVersionId, recordRunVersion } from './versions';
import { assertMayChange } from './shared-runs';
import { messagesOfRun } from '../run-messages';

/** A 'streaming' record older than this was left by a reload or crash, not by a live stream. */
export const STALE_STREAM_MS = 5_000;

export interface RunInit {
  variable_values: Record<string, string>;
  settings: ModelSettings;
  name?: string;
  messages?: Message[];
}

export interface RunWithMessages {
  run: Run;
  messages: Message[];
  corrupt: number;
}

async function readRun(db: PromptRunsDB, runId: string): Promise<Run> {
  const raw = await db.runs.get(runId);
  if (!raw) throw new AppError('not_found', 'That run no longer exists on this device.');
  const restored = parseRunRecord(raw);
  if (!restored.ok) throw restored.error;
  return restored.value;
}

/** Write each message and queue the completed ones; returns how many completed messages are new. */
async function putMessages(db: PromptRunsDB, runId: string, messages: readonly Message[]): Promise<number> {
  if (messages.length === 0) return 0;
  const finals = messages.map((m) => ({ ...m, runId }));
  const [existing] = await Promise.all([db.messages.bulkGet(finals.map((m) => m.id)), db.messages.bulkPut(finals)]);
  const completed = finals.filter((m) => m.status !== 'streaming');
  await enqueueMany(db, completed.map((m) => ({ table: 'messages' as const, rowId: m.id, runId, isNew: true })));
  return finals.filter((m, i) => m.status !== 'streaming' && (!existing[i] || existing[i].status === 'streaming')).length;
}

const refused = (problem: LimitProblem): Result<never> => ({ ok: false, error: new AppError('invalid_input', problem.message) });

export async function createRun(db: PromptRunsDB, promptId: string, init: RunInit): Promise<Result<Run>> {
  const now = clockFor(db).nowIso();
  const prepared = prepareMessages(init.messages ?? []);
  if (!prepared.ok) return refused(prepared.problem);
  const messages = prepared.messages;
  const fieldProblem = checkFields({ name: init.name, variable_values: init.variable_values, settings: init.settings }, 'run');
  if (fieldProblem) return refused(fieldProblem);
  const firstUser = messages.find((m) => m.role === 'user');
  const run: Run = {
    id: newId(),
    prompt_id: promptId,
    user_id: null,
    name: init.name?.trim() || generateRunName(firstUser?.content),
    description: '',
    variable_values: { ...init.variable_values },
    settings: structuredClone(init.settings),
    status: 'active',
    message_count: 0,
    is_starred: false,
    is_pinned: false,
    created_at: now,
    updated_at: now,
    ...runActivity(now, messages),
    current_leaf_id: messages[messages.length - 1]?.id ?? null,
    field_updated_at: Object.fromEntries(RUN_EDITABLE_FIELDS.map((f) => [f, now])),
  };
  run.visible_message_count = countVisible(messages, run.current_leaf_id);
  return mutate(db, ['runs', 'messages', 'prompts', 'promptVersions'], async () => {
    const prompt = await db.prompts.get(promptId); // its version now: the runner says when it changes
    if (prompt) run.prompt_version_id = await currentPromptVersionId(db, prompt);
    // The run row first: the usage totals file each reply under its run's prompt (sync/usage/usage-totals.ts).
    run.message_count = messages.filter((m) => m.status !== 'streaming').length;
    await db.runs.add(run);
    await putMessages(db, run.id, messages);
    await enqueue(db, { table: 'runs', rowId: run.id, fields: [...RUN_EDITABLE_FIELDS], isNew: true });
    return run;
  });
}

/**
 * Append completed messages (the seed's updateRun) and/or move the current leaf. This is the save after
 * every exchange, so it reads everything it needs at once and writes at once (two round trips).
 */
export async function updateRun(
  db: PromptRunsDB,
  runId: string,
  change: { append?: Message[]; current_leaf_id?: string | null },
): Promise<Result<Run>> {
  const prepared = prepareMessages(change.append ?? []);
  if (!prepared.ok) return refused(prepared.problem);
  return mutate(db, ['runs', 'messages'], async () => {
    const append = prepared.messages.map((m) => ({ ...m, runId }));
    const [raw, existing] = await Promise.all([db.runs.get(runId), db.messages.bulkGet(append.map((m) => m.id))]);
    if (!raw) throw new AppError('not_found', 'That run no longer exists on this device.');
    const restored = parseRunRecord(raw);
    if (!restored.ok) throw restored.error;
    const run = restored.value;
    assertMayChange(run, { append: append.length > 0, fields: change.current_leaf_id !== undefined && change.current_leaf_id !== run.current_leaf_id ? ['current_leaf_id'] : [] });
    const now = clockFor(db).nowIso();
    const completed = append.filter((m) => m.status !== 'streaming');
    const added = append.filter((m, i) => m.status !== 'streaming' && (!existing[i] || existing[i].status === 'streaming')).length;
    const fields: RunEditableField[] = [];
    const next: Run = { ...run, message_count: run.message_count + added, updated_at: now };
    if (completed.length > 0) {
      // The same rule as every other replica (merge.ts): the newest completed message.
      const appended = runActivity(run.created_at, completed);
      const current = { last_message_at: run.last_message_at, last_message_preview: run.last_message_preview };
      Object.assign(next, run.message_count > 0 ? laterActivity(current, appended) : appended);
    }
    if (change.current_leaf_id !== undefined && change.current_leaf_id !== run.current_leaf_id) {
      next.current_leaf_id = change.current_leaf_id;
      fields.push('current_leaf_id');
    }
    // The usual exchange extends the branch on screen (no read); anything else counts the branch again.
    next.visible_message_count =
      extendVisible(run, append, existing, next.current_leaf_id) ?? countVisible(withStored(await readMessages(db, runId), append), next.current_leaf_id);
    next.field_updated_at = { ...run.field_updated_at, ...Object.fromEntries(fields.map((f) => [f, now])) };
    const queued = completed.map((m) => ({ table: 'messages' as const, rowId: m.id, runId, isNew: true }));
    await Promise.all([
      append.length > 0 ? db.messages.bulkPut(append) : undefined,
      db.runs.put(next),
      enqueueMany(db, fields.length > 0 ? [...queued, { table: 'runs', rowId: runId, fields }] : queued),
    ]);
    return next;
  });
}

/** Local-only save of a reply still streaming; no outbox entry until it completes. */
export async function checkpointMessage(db: PromptRunsDB, message: Message): Promise<Result<void>> {
  const prepared = prepareMessages([message]);
  if (prepared.ok) message = prepared.messages[0]!;
  return mutate(db, ['messages'], async () => {
    // The checkpoint time tells a live stream (checkpointed every second or so) from one a reload cut off.
    await db.messages.put({ ...message, status: 'streaming', metadata: { ...message.metadata, checkpointedAt: clockFor(db).nowIso() } });
  });
}

async function patchRun(db: PromptRunsDB, runId: string, patch: Partial<Pick<Run, RunEditableField>>): Promise<Result<Run>> {
  const problem = checkFields(patch, 'run');
  if (problem) return refused(problem);
  return mutate(db, ['runs', 'runVersions'], async () => {
    const run = await readRun(db, runId);
    const fields = Object.keys(patch) as RunEditableField[];
    assertMayChange(run, { fields });
    const now = clockFor(db).nowIso();
    const next: Run = {
      ...run,
      ...patch,
      updated_at: now,
      field_updated_at: { ...run.field_updated_at, ...Object.fromEntries(fields.map((f) => [f, now])) },
    };
    await db.runs.put(next);
    await enqueue(db, { table: 'runs', rowId: runId, fields });
    // Name history is the owner's (edit versions of a shared run are not the member's to keep).
    const renamed = (next.name !== run.name && 'name' in patch) || (next.description !== run.description && 'description' in patch);
    if (renamed && !run.shared) await recordRunVersion(db, next, run);
    return next;
  });
}

export const deleteRun = (db: PromptRunsDB, id: string) => patchRun(db, id, { status: 'deleted' });
/** Bring a run back from the trash or the archive. */
export const restoreRun = (db: PromptRunsDB, id: string) => patchRun(db, id, { status: 'active' });
export const archiveRun = (db: PromptRunsDB, id: string) => patchRun(db, id, { status: 'archived' });
export const starRun = (db: PromptRunsDB, id: string, isStarred: boolean) => patchRun(db, id, { is_starred: isStarred });
export const pinRun = (db: PromptRunsDB, id: string, isPinned: boolean) => patchRun(db, id, { is_pinned: isPinned });
/** Another version on screen: the branch (and so what the run shows, and its count) changes. */
export async function setCurrentLeaf(db: PromptRunsDB, id: string, leafId: string | null): Promise<Result<Run>> {
  return mutate(db, ['runs', 'messages'], async () => {
    const run = await readRun(db, id);
    assertMayChange(run, { fields: ['current_leaf_id'] });
    const now = clockFor(db).nowIso();
    const next: Run = {
      ...run,
      current_leaf_id: leafId,
      visible_message_count: countVisible(await readMessages(db, id), leafId),
      updated_at: now,
      field_updated_at: { ...run.field_updated_at, current_leaf_id: now },
    };
    await db.runs.put(next);
    await enqueue(db, { table: 'runs', rowId: id, fields: ['current_leaf_id'] });
    return next;
  });
}
export const describeRun = (db: PromptRunsDB, id: string, description: string) =>
  patchRun(db, id, { description: description.trim() });

export async function renameRun(db: PromptRunsDB, id: string, name: string): Promise<Result<Run>> {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  if (!trimmed) return { ok: false, error: new AppError('invalid_input', 'A run needs a name.') };
  if (trimmed.length > 200) return { ok: false, error: new AppError('invalid_input', 'Run names are at most 200 characters.') };
  return patchRun(db, id, { name: trimmed });
}

function lastCheckpoint(m: Message): number {
  const at = m.metadata?.checkpointedAt;
  const parsed = typeof at === 'string' ? Date.parse(at) : NaN;
  return Number.isNaN(parsed) ? Date.parse(m.createdAt) : parsed;
}

/** Every stored message of a run (inside a transaction: no validation, only ids, parents, roles and statuses are read). */
function readMessages(db: PromptRunsDB, runId: string): Promise<Message[]> {
  return messagesOfRun(db.messages, runId).toArray();
}

/** Stored messages with `changed` put over them by id (what the store holds once the write lands). */
function withStored(stored: readonly Message[], changed: readonly Message[]): Message[] {
  const byId = new Map(stored.map((m) => [m.id, m]));
  for (const m of changed) byId.set(m.id, m);
  return [...byId.values()];
}

/** All messages of a run as stored (every branch, oldest first), with no side effects. */
export async function readRunMessages(db: PromptRunsDB, runId: string): Promise<{ messages: Message[]; corrupt: number }> {
  const rows = await db.messages.where('[runId+createdAt]').between([runId, ''], [runId, '\uffff']).toArray();
  const { valid, corrupt } = parseRecords(rows, parseMessageRecord);
  return { messages: valid, corrupt };
}

/** Call `onChange` with the run's row when it changes (any tab, sync) and the count of its messages held here,
 *  counted and watched only while `lacksSome(run)` (a first sync may bring them after the row, leaving it as is;
 *  a count reads every key of the run's messages, at each streaming checkpoint); `onGone` once it is not here. */
export function watchRun(db: PromptRunsDB, runId: string, onChange: (run: Run, held: number) => void, onGone?: () => void, lacksSome = (_run: Run) => true): () => void {
  const subscription = liveQuery(async () => {
    const raw = await db.runs.get(runId);
    const restored = raw ? parseRunRecord(raw) : null;
    return { restored, held: restored?.ok && lacksSome(restored.value) ? await messagesOfRun(db.messages, runId).count() : 0 };
  }).subscribe({
    next: ({ restored, held }) => {
      if (!restored) return void onGone?.();
      if (restored.ok) onChange(restored.value, held);
    },
    error: (error: unknown) => console.warn('[prompt-runs] watching a run failed', error),
  });
  return () => subscription.unsubscribe();
}

/**
 * Load a run and all its messages (every branch). A reply left 'streaming' by a reload or crash comes
 * back 'interrupted' and is stored so (and queued), so the user can retry or continue from it.
 */
export async function getRun(db: PromptRunsDB, runId: string): Promise<RunWithMessages | null> {
  const rawRun = await db.runs.get(runId);
  if (!rawRun) return null;
  const restored = parseRunRecord(rawRun);
  if (!restored.ok) {
    console.warn(`[prompt-runs] ${restored.error.message}`);
    return null;
  }
  const { messages: valid, corrupt } = await readRunMessages(db, runId);
  const stale = valid.filter((m) => m.status === 'streaming' && clockFor(db).now() - lastCheckpoint(m) > STALE_STREAM_MS);
  if (stale.length > 0) {
    const interrupted = stale.map((m) => ({ ...m, status: 'interrupted' as const }));
    const saved = await updateRun(db, runId, { append: interrupted, ...leafAfterCut(restored.value.current_leaf_id, interrupted) });
    if (saved.ok) {
      for (const m of stale) m.status = 'interrupted';
      return { run: saved.value, messages: valid, corrupt };
    }
  }
  return { run: restored.value, messages: valid, corrupt };
}

export async function listRunsForPrompt(
  db: PromptRunsDB,
  promptId: string,
  opts: { limit?: number; statuses?: RunStatus[] } = {},
): Promise<Run[]> {
  const statuses = [...new Set(opts.statuses ?? ['active'])];
  const limit = opts.limit ?? Infinity;
  // Newest first within each status's range of the prompt's index, then merged.
  const perStatus = await Promise.all(statuses.map((status) =>
    db.runs.where('[prompt_id+status+last_message_at]').between([promptId, status, ''], [promptId, status, '\uffff']).reverse().limit(limit).toArray()));
  const rows = perStatus.flat().sort((a, b) => b.last_message_at.localeCompare(a.last_message_at)).slice(0, limit);
  return parseRecords(rows, parseRunRecord).valid;
}
