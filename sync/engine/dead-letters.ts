// What could not sync, kept visible until the person retries or discards it (requirement 7): changes the
// server refused for good (they leave the outbox so the rest of the queue flows), and rows another device
// wrote that this app could not read (kept as they arrived, so a retry after an update can apply them).
import type { PulledOrganizeArray } from '../parse-organize';
import type { PromptRunsDB } from '../db';
import { clockFor } from '../clock';
import type { OutboxEntry } from '../model';
import type { PushChange } from '../protocol';
import { enqueue } from '../store/write';

const PREFIX = 'sync.dead:';

export type ReceivedTable = 'prompts' | 'runs' | 'messages' | 'removed_runs' | PulledOrganizeArray;

export interface DeadLetter {
  id: string;
  label: string;
  code: string;
  message: string;
  at: string;
  /** A change this device sent that the server refused. */
  change?: Omit<PushChange, 'seq'>;
  /** The outbox entries the change covered, to queue them again on retry (empty for a received row). */
  entries: OutboxEntry[];
  /** A row pulled from the server that failed validation, as it arrived. */
  received?: { table: ReceivedTable; row: unknown };
}

const REASONS: Record<string, string> = {
  json_too_deep: 'It holds settings nested too deeply for sync.',
  json_too_large: 'It holds settings too large for sync.',
  payload_too_large: 'It is too large for sync.',
  invalid_text: 'It contains a character sync cannot store (a NUL or a broken character).',
  not_found: 'The server has no such item (it may have been removed, or belong to another account).',
  invalid_input: 'The server found something in it that it cannot accept.',
};

/** The server's refusal in words a person can act on, with its own message after it. */
export function explainRefusal(code: string, message: string): string {
  const reason = REASONS[code];
  return reason ? `${reason} (${message})` : message;
}

function isDeadLetter(value: unknown): value is DeadLetter {
  return !!value && typeof value === 'object' && typeof (value as DeadLetter).id === 'string' && Array.isArray((value as DeadLetter).entries);
}

export async function listDeadLetters(db: PromptRunsDB): Promise<DeadLetter[]> {
  const records = await db.meta.where('key').startsWith(PREFIX).toArray();
  return records.map((r) => r.value).filter(isDeadLetter).sort((a, b) => (a.at < b.at ? -1 : 1));
}

export async function getDeadLetter(db: PromptRunsDB, id: string): Promise<DeadLetter | null> {
  const value = (await db.meta.get(PREFIX + id))?.value;
  return isDeadLetter(value) ? value : null;
}

/**
 * Park a refused change (inside the caller's transaction over outbox and meta). Its outbox entries are
 * removed only if no newer edit arrived meanwhile; a newer edit gets its own chance.
 */
export async function addDeadLetter(
  db: PromptRunsDB,
  letter: Omit<DeadLetter, 'id' | 'entries' | 'received' | 'change'> & { change: Omit<PushChange, 'seq'> },
  refs: ReadonlyArray<{ key: string; seq: number }>,
): Promise<void> {
  const id = `${letter.change.table}:${letter.change.id ?? Object.values(letter.change.key ?? {}).join('/')}`;
  const previous = (await db.meta.get(PREFIX + id))?.value;
  const entries: OutboxEntry[] = isDeadLetter(previous) ? [...previous.entries] : [];
  // Text an earlier refusal of the same row kept stays readable beside this one's.
  if (isDeadLetter(previous)) letter = { ...letter, change: withEarlierText(letter.change, previous.change) };
  for (const ref of refs) {
    const current = await db.outbox.get(ref.key);
    if (!current || current.seq !== ref.seq) continue;
    entries.push(current);
    await db.outbox.delete(ref.key);
  }
  await db.meta.put({ key: PREFIX + id, value: { ...letter, id, entries } satisfies DeadLetter });
}

/** A change with the messages of an earlier one of the same row that it lacks (first), so no text is lost. */
function withEarlierText(change: Omit<PushChange, 'seq'>, earlier: Omit<PushChange, 'seq'> | undefined): Omit<PushChange, 'seq'> {
  const kept = (earlier?.append_messages ?? []).filter((m) => !(change.append_messages ?? []).some((n) => n.id === m.id));
  if (kept.length === 0) return change;
  return { ...change, append_messages: [...kept, ...(change.append_messages ?? [])] };
}

/**
 * The unsent changes of a shared run the person was removed from (the run is leaving this device): kept
 * in its letter to be read and copied, with nothing left to retry (there is no run to send them to).
 */
export async function keepRemovedChanges(db: PromptRunsDB, input: { runId: string; label: string; code: string; message: string; change: Omit<PushChange, 'seq'> }): Promise<void> {
  const id = `prompt_runs:${input.runId}`;
  const previous = (await db.meta.get(PREFIX + id))?.value;
  const earlier = isDeadLetter(previous) ? previous.change : undefined;
  const change = withEarlierText({ ...input.change, values: { ...earlier?.values, ...input.change.values } }, earlier);
  const letter: DeadLetter = { id, label: input.label, code: input.code, message: input.message, at: clockFor(db).nowIso(), change, entries: [] };
  await db.meta.put({ key: PREFIX + id, value: letter });
}

/** The text a refused change holds (its messages, oldest first), for a person to copy; null when none. */
export function deadLetterText(letter: DeadLetter): string | null {
  const messages = [...(letter.change?.append_messages ?? [])].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  return messages.length > 0 ? messages.map((m) => m.content).join('\n\n') : null;
}

/** The run or prompt a tag link, filing or version names, as the id of that row's dead letter. */
export function ownerLetterId(change: Omit<PushChange, 'seq'>): string | null {
  const runId = change.key?.run_id ?? change.insert?.run_id;
  const promptId = change.key?.prompt_id ?? change.insert?.prompt_id;
  if (change.table === 'run_tags' || change.table === 'run_folders' || change.table === 'run_versions') return runId ? `prompt_runs:${runId}` : null;
  if (change.table === 'prompt_tags' || change.table === 'prompt_versions') return promptId ? `prompts:${promptId}` : null;
  return null;
}

/**
 * A tag link, filing or version refused because the run or prompt it names was refused itself: it joins
 * that row's dead letter (one entry in the list; Retry sends them together), instead of a letter of its own.
 */
export async function joinOwnerDeadLetter(db: PromptRunsDB, ownerId: string, refs: ReadonlyArray<{ key: string; seq: number }>): Promise<boolean> {
  const owner = (await db.meta.get(PREFIX + ownerId))?.value;
  if (!isDeadLetter(owner)) return false;
  const entries = [...owner.entries];
  for (const ref of refs) {
    const current = await db.outbox.get(ref.key);
    if (!current || current.seq !== ref.seq) continue;
    entries.push(current);
    await db.outbox.delete(ref.key);
  }
  await db.meta.put({ key: PREFIX + ownerId, value: { ...owner, entries } satisfies DeadLetter });
  return true;
}

/** Keep a pulled row this app could not read (inside the caller's transaction over meta). */
export async function addReceivedDeadLetter(db: PromptRunsDB, input: { table: ReceivedTable; row: unknown; label: string; problem: string }): Promise<void> {
  const rowId = input.row && typeof input.row === 'object' ? (input.row as { id?: unknown }).id : undefined;
  const id = `received:${input.table}:${typeof rowId === 'string' ? rowId : clockFor(db).nowIso()}`;
  const letter: DeadLetter = {
    id,
    label: input.label,
    code: 'invalid_row',
    message: `Another device sent something this version of the app cannot read (${input.problem}). Reload to update the app, then retry.`,
    at: clockFor(db).nowIso(),
    entries: [],
    received: { table: input.table, row: input.row },
  };
  await db.meta.put({ key: PREFIX + id, value: letter });
}

/**
 * The messages a parked change of run `runId` holds, taken out of its dead letter (they are about to be
 * kept in a new run, the run having been deleted forever): the letter keeps its field edits, or goes when
 * nothing else is left in it. Inside the caller's transaction over meta.
 */
export async function takeParkedMessages(db: PromptRunsDB, runId: string): Promise<Set<string>> {
  const key = `${PREFIX}prompt_runs:${runId}`;
  const letter = (await db.meta.get(key))?.value;
  if (!isDeadLetter(letter)) return new Set();
  const parked = new Set(letter.entries.filter((e) => e.table === 'messages').map((e) => e.rowId));
  // A whole run's messages had no entries of their own: the refused change held them all.
  if (letter.entries.some((e) => e.wholeRun)) for (const m of letter.change?.append_messages ?? []) parked.add(m.id);
  if (parked.size === 0) return parked;
  const entries = letter.entries.filter((e) => e.table !== 'messages').map(({ wholeRun: _whole, ...e }) => e);
  if (entries.length === 0) await db.meta.delete(key);
  else {
    const { append_messages: _moved, ...change } = letter.change ?? { table: 'prompt_runs' as const, id: runId, values: {}, clocks: {} };
    await db.meta.put({ key, value: { ...letter, entries, change } satisfies DeadLetter });
  }
  return parked;
}

/** Queue a refused change again (after the person fixed the cause) and drop it from the list. */
export async function retryDeadLetter(db: PromptRunsDB, id: string): Promise<boolean> {
  return db.transaction('rw', [db.outbox, db.meta], async () => {
    const letter = (await db.meta.get(PREFIX + id))?.value;
    if (!isDeadLetter(letter)) return false;
    for (const e of letter.entries) {
      await enqueue(db, { table: e.table, rowId: e.rowId, ...(e.runId ? { runId: e.runId } : {}), fields: e.fields, isNew: e.isNew, ...(e.wholeRun ? { wholeRun: true } : {}) });
    }
    await db.meta.delete(PREFIX + id);
    return true;
  });
}

/**
 * Give up on a refused change: the server keeps its version. This device keeps its copy until the server's
 * next version of the row arrives, which then stands (nothing of the discarded change is sent again).
 */
export async function discardDeadLetter(db: PromptRunsDB, id: string): Promise<boolean> {
  return db.transaction('rw', db.meta, async () => {
    if (!(await db.meta.get(PREFIX + id))) return false;
    await db.meta.delete(PREFIX + id);
    return true;
  });
}
