// A run deleted forever on another device while this one was still writing in it: the purge is final
// (no restore brings the run back), but text written here that the server never had is not dropped. It
// moves to a new run, "Recovered: <name>", queued like any new run, and a notice tells the person.
import type { PromptRunsDB } from '../db';
import { clockFor, newId } from '../clock';
import { runActivity } from '../merge';
import { RUN_EDITABLE_FIELDS, type Message, type Run } from '../model';
import { deepestLeaf } from '../tree';
import { countVisible } from '../store/visible-count';
import { enqueueMany } from '../store/write';
import { messagesOfRun } from '../run-messages';

const PREFIX = 'sync.recovered:';

/** What the notice says: a run made from text written here for a run deleted on another device. */
export interface RecoveredRun {
  /** The new run (opened from the notice). */
  runId: string;
  promptId: string;
  name: string;
  /** Messages kept. */
  count: number;
  at: string;
}

function isRecovered(value: unknown): value is RecoveredRun {
  const v = value as RecoveredRun | null;
  return !!v && typeof v === 'object' && typeof v.runId === 'string' && typeof v.promptId === 'string' && typeof v.name === 'string' && typeof v.count === 'number';
}

export async function listRecoveredRuns(db: PromptRunsDB): Promise<RecoveredRun[]> {
  const records = await db.meta.where('key').startsWith(PREFIX).toArray();
  return records.map((r) => r.value).filter(isRecovered).sort((a, b) => (a.at < b.at ? -1 : 1));
}

/** The person has read the notice. */
export async function dismissRecoveredRun(db: PromptRunsDB, runId: string): Promise<void> {
  await db.meta.delete(PREFIX + runId);
}

/**
 * Move `messages` (completed, of `from`, never acknowledged by the server) into a new run. Runs inside
 * the caller's read-write transaction over runs, messages, outbox and meta. A message whose parent is not
 * moved with it starts the new run's conversation.
 */
export async function recoverMessages(db: PromptRunsDB, from: Pick<Run, 'id' | 'name' | 'prompt_id' | 'settings' | 'variable_values'>, messages: readonly Message[]): Promise<RecoveredRun | null> {
  if (messages.length === 0) return null;
  const now = clockFor(db).nowIso();
  const id = newId();
  const kept = new Set(messages.map((m) => m.id));
  const moved: Message[] = messages.map((m) => ({ ...m, runId: id, parentId: m.parentId && kept.has(m.parentId) ? m.parentId : null }));
  const name = `Recovered: ${from.name}`.slice(0, 200);
  const run: Run = {
    id,
    prompt_id: from.prompt_id,
    user_id: null,
    name,
    description: '',
    variable_values: { ...from.variable_values },
    settings: structuredClone(from.settings),
    status: 'active',
    message_count: moved.length,
    is_starred: false,
    is_pinned: false,
    created_at: now,
    updated_at: now,
    ...runActivity(now, moved),
    current_leaf_id: deepestLeaf(moved, null) || null,
    visible_message_count: countVisible(moved, deepestLeaf(moved, null) || null),
    field_updated_at: Object.fromEntries(RUN_EDITABLE_FIELDS.map((f) => [f, now])),
  };
  await db.runs.add(run);
  await db.messages.bulkPut(moved);
  // Same outbox keys as before (one entry per message): the entries now name the new run and get new seqs,
  // so an in-flight push of the old run cannot acknowledge them.
  await enqueueMany(db, [
    { table: 'runs', rowId: id, fields: [...RUN_EDITABLE_FIELDS], isNew: true },
    ...moved.map((m) => ({ table: 'messages' as const, rowId: m.id, runId: id, isNew: true })),
  ]);
  const notice: RecoveredRun = { runId: id, promptId: from.prompt_id, name, count: moved.length, at: now };
  await db.meta.put({ key: PREFIX + id, value: notice });
  return notice;
}

/**
 * Messages of `runId` written here and not yet acknowledged by the server (the ones a purge would drop):
 * queued in the outbox, or among `parked` (held by a dead letter).
 */
export async function unsentMessages(db: PromptRunsDB, runId: string, candidates?: readonly string[], parked: ReadonlySet<string> = new Set()): Promise<Message[]> {
  const ids = candidates ?? ((await messagesOfRun(db.messages, runId).primaryKeys()) as string[]);
  const [entries, messages] = await Promise.all([db.outbox.bulkGet(ids.map((id) => `messages:${id}`)), db.messages.bulkGet([...ids])]);
  return messages.filter((m, i): m is Message => !!m && (!!entries[i] || parked.has(m.id)) && m.runId === runId && m.status !== 'streaming');
}
