// Apply one page of pulled changes in a single Dexie transaction: the server's rows, with the fields this
// device edited and has not had acknowledged kept as they are here (merge.ts, rebaseOnServer); messages
// merged by id; the cursor moves in the same commit.
// A row this app cannot read is kept, as it arrived, in the dead letters (it may need a newer app).
import type { PromptRunsDB } from '../db';
import { laterActivity, mergeMessages, rebaseOnServer, runActivity } from '../merge';
import { countVisible } from '../store/visible-count';
import type { AppError, Message, Run } from '../model';
import { CheckIssue } from '../checks';
import type { PullResponse } from '../protocol';
import { parseMessageRecord, parsePromptRecord, parseRunRecord } from '../parse-records';
import { addReceivedDeadLetter, discardDeadLetter, getDeadLetter, takeParkedMessages, type DeadLetter, type ReceivedTable } from './dead-letters';
import { recoverMessages, unsentMessages, type RecoveredRun } from './recover-purged';
import { META } from './sync-meta';
import { applyOrganizeRows, dropPurgedRunOrganizing, pullTables, type OrganizeRows } from './apply-organize';
import { applyRemovals, keepPurgedSharedText } from './apply-removals';
import { messagesOfRun, runRange } from '../run-messages';
import { declareFreshKeys } from '../fresh-rows';
import { purgedAmong } from '../purged-runs';

export interface ApplyCounts {
  prompts: number;
  runs: number;
  messages: number;
  /** Tags, folders, tag links, filing and versions. */
  organized: number;
  /** Rows that failed validation: kept in the dead letters, never trusted. */
  invalid: number;
  /** Shared runs that left this device (the person's membership ended). */
  removed: number;
  /** Runs made from text written here for runs deleted forever on another device. */
  recovered: RecoveredRun[];
  /** The run rows this page stored, as stored. */
  storedRuns: Run[];
}

/**
 * The rows of a page; `cursor` null applies them without moving the pull cursor (a dead letter's retry).
 * `serverCounts`: a run holding no messages here keeps the server's message count (a first sync's runs,
 * whose messages follow), so the row is stored once, not stored and then corrected.
 */
export type PulledRows = Pick<PullResponse, 'prompts' | 'runs' | 'messages'> & Partial<OrganizeRows> & {
  cursor: string | null;
  serverCounts?: boolean;
  /** Shared runs whose membership ended (checked one by one: apply-removals.ts). */
  removed_runs?: readonly unknown[];
};

/** SQL NULL in a column with a device-side default reads as "absent", so restore fills the default. */
function withoutNulls(raw: unknown, nullable: readonly string[]): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  return Object.fromEntries(Object.entries(raw).filter(([k, v]) => v !== null || nullable.includes(k)));
}

/**
 * A run's prompt version and a template's source run are written once, where the row is made. A server
 * without the value (null: a row it took before it kept these fields) has not lost it: keep the device's.
 */
function keepOrigin<T extends object>(merged: T, local: T, field: keyof T & string): T {
  const here = local[field];
  return merged[field] == null && here != null ? { ...merged, [field]: here } : merged;
}

/**
 * Fields with local edits the server has not acknowledged: queued, or parked in the dead letters (kept
 * as written until the person retries or discards them), by outbox key.
 */
async function pendingFields(db: PromptRunsDB, key: string, letterId: string): Promise<Set<string>> {
  const [entry, letter] = await Promise.all([db.outbox.get(key), getDeadLetter(db, letterId)]);
  const parked = letter?.entries.filter((e) => e.key === key).flatMap((e) => e.fields) ?? [];
  return new Set([...(entry?.fields ?? []), ...parked]);
}

/** What was wrong, without the record's id ("created_at: not a date"): it is shown to the person. */
function problemOf(error: AppError): string {
  return error.cause instanceof CheckIssue ? error.cause.message : error.message;
}

const textOf = (raw: unknown, key: string): string | undefined => {
  const value = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
};

/** What a person would call a row that could not be read. */
async function labelOf(db: PromptRunsDB, table: ReceivedTable, raw: unknown): Promise<string> {
  if (table === 'removed_runs') {
    const run = await db.runs.get(textOf(raw, 'id') ?? '');
    return run ? `Removal from shared run “${run.name}”` : 'A removal from a shared run';
  }
  if (table === 'messages') {
    const run = await db.runs.get(textOf(raw, 'run_id') ?? '');
    return run ? `A message in run “${run.name}”` : 'A message from another device';
  }
  const name = textOf(raw, 'name');
  if (table !== 'runs' && table !== 'prompts') return name ? `“${name}” (${table.replace('_', ' ')})` : `A row of ${table.replace('_', ' ')} from another device`;
  const kind = table === 'runs' ? 'Run' : 'Prompt';
  return name ? `${kind} “${name}”` : `A ${kind.toLowerCase()} from another device`;
}

/**
 * Derived columns follow the messages this device holds, by the rule every replica uses (merge.ts); the
 * server's value stands where it is later (it may hold messages still on their way here).
 */
/** Whether refreshDerived reads the run's messages: only a run that received messages, or is new here, or shows another branch now. */
function readsMessages(run: Run, local: Run | undefined, gotMessages: boolean, purged: boolean): boolean {
  const sameBranch = local?.current_leaf_id === run.current_leaf_id && local.visible_message_count !== undefined;
  return !purged && !(local && !gotMessages && sameBranch);
}

/**
 * Of these runs, those known to hold no message here, from one read: the first message between the least
 * and the greatest of their ids (each run's messages sit together in [runId+createdAt]). On a device
 * syncing for the first time none is found, and a page of runs new here reads no run's messages.
 */
async function runsWithoutMessages(db: PromptRunsDB, runIds: readonly string[]): Promise<Set<string>> {
  const sorted = [...runIds].sort();
  const first = await db.messages.where('[runId+createdAt]').between(runRange(sorted[0]!)[0], runRange(sorted[sorted.length - 1]!)[1]).first();
  return new Set(first ? sorted.filter((id) => id < first.runId) : sorted);
}

async function refreshDerived(db: PromptRunsDB, run: Run, remote: Run | undefined, local: Run | undefined, gotMessages: boolean, purged: boolean, serverCounts = false, noMessages = false): Promise<Run> {
  // Deleted forever: nothing of the conversation stays, not even in the list's preview or order.
  if (purged) return { ...run, message_count: 0, visible_message_count: 0, ...runActivity(run.created_at, []) };
  const stored = { last_message_at: run.last_message_at, last_message_preview: run.last_message_preview };
  if (!readsMessages(run, local, gotMessages, purged) && local) {
    const activity = remote ? laterActivity({ last_message_at: local.last_message_at, last_message_preview: local.last_message_preview }, remote) : stored;
    return {
      ...run,
      message_count: local.message_count,
      visible_message_count: local.visible_message_count,
      last_message_at: activity.last_message_at,
      last_message_preview: activity.last_message_preview,
    };
  }
  const all = noMessages ? [] : await messagesOfRun(db.messages, run.id).toArray();
  const messages = all.filter((m) => m.status !== 'streaming');
  const held = runActivity(run.created_at, messages);
  const activity = remote && messages.length > 0 ? laterActivity(held, remote) : remote ?? held;
  // A first sync's run whose messages are on their way shows the server's count of them, not 0: its visible
  // count once they are here for a conversation without branches or a system message (whose row is then
  // not written again).
  const waiting = serverCounts && messages.length === 0 && remote !== undefined && remote.message_count > 0;
  return {
    ...run,
    message_count: waiting ? remote.message_count : messages.length,
    visible_message_count: waiting ? remote.message_count : countVisible(all, run.current_leaf_id),
    last_message_at: activity.last_message_at,
    last_message_preview: activity.last_message_preview,
  };
}

export function applyPull(db: PromptRunsDB, page: PullResponse): Promise<ApplyCounts> {
  return applyRows(db, page);
}

export async function applyRows(db: PromptRunsDB, page: PulledRows): Promise<ApplyCounts> {
  const counts: ApplyCounts = { prompts: 0, runs: 0, messages: 0, organized: 0, invalid: 0, removed: 0, recovered: [], storedRuns: [] };
  await db.transaction('rw', pullTables(db), async () => {
    const park = async (table: ReceivedTable, raw: unknown, problem: string) => {
      counts.invalid += 1;
      await addReceivedDeadLetter(db, { table, row: raw, label: await labelOf(db, table, raw), problem });
    };

    // First: a page that also brings the run back (invited again) then stores it afresh.
    const removed = await applyRemovals(db, page.removed_runs ?? [], (raw, problem) => park('removed_runs', raw, problem));
    counts.removed = removed.size;
    const rowsHere = new Set(page.runs.map((raw) => textOf(raw, 'id')));

    for (const raw of page.prompts) {
      const restored = parsePromptRecord(withoutNulls(raw, ['user_id']));
      if (!restored.ok) {
        await park('prompts', raw, problemOf(restored.error));
        continue;
      }
      const remote = restored.value;
      const local = await db.prompts.get(remote.id);
      const pending = await pendingFields(db, `prompts:${remote.id}`, `prompts:${remote.id}`);
      const merged = local ? keepOrigin(rebaseOnServer(local, remote, pending), local, 'source_run_id') : remote;
      await db.prompts.put({ ...merged, user_id: remote.user_id ?? local?.user_id ?? null });
      counts.prompts += 1;
    }

    // A run deleted forever elsewhere (the server reports purged_at): its conversation leaves this device
    // too, and the purge is final, so a restore still queued here is dropped. Text written here that the
    // server never had moves to a new run first.
    const purged = new Set<string>();
    for (const raw of page.runs) {
      const id = textOf(raw, 'id');
      const purgedAt = textOf(raw, 'purged_at');
      if (!id || !purgedAt) continue;
      purged.add(id);
      if (await db.purged.get(id)) continue;
      const local = await db.runs.get(id);
      const ids = (await messagesOfRun(db.messages, id).primaryKeys()) as string[];
      if (local) {
        // Unsent means queued, or parked in the dead letters (a refused change may hold text too).
        const parked = await takeParkedMessages(db, id);
        const unsent = await unsentMessages(db, id, ids, parked);
        // Someone else's run: a new run of it here could not sync (its prompt is the owner's); keep the text readable.
        if (local.shared) await keepPurgedSharedText(db, local, unsent);
        else {
          const notice = await recoverMessages(db, local, unsent);
          if (notice) counts.recovered.push(notice);
        }
      }
      const left = (await messagesOfRun(db.messages, id).primaryKeys()) as string[];
      await db.messages.bulkDelete(left);
      await db.outbox.bulkDelete([...left.map((m) => `messages:${m}`), `runs:${id}`]);
      await dropPurgedRunOrganizing(db, id);
      await db.purged.put({ id, purged_at: purgedAt });
    }

    // Messages in bulk: an initial sync brings tens of thousands of them.
    const incoming: Message[] = [];
    for (const raw of page.messages) {
      const wire = raw as unknown as Record<string, unknown>;
      const restored = parseMessageRecord(withoutNulls({ ...wire, runId: wire.run_id }, ['parentId']));
      if (restored.ok) incoming.push(restored.value);
      else await park('messages', raw, problemOf(restored.error));
    }
    const runIds = [...new Set(incoming.map((m) => m.runId))];
    const purgedHere = await purgedAmong(db, runIds);
    runIds.forEach((id, i) => {
      if (purgedHere[i]) purged.add(id);
    });
    const live = incoming.filter((m) => !purged.has(m.runId) && (!removed.has(m.runId) || rowsHere.has(m.runId)));
    const locals = new Map<string, Message>();
    for (const m of await db.messages.bulkGet(live.map((x) => x.id))) if (m) locals.set(m.id, m);
    // Messages are append-only: the union by id, a finished copy winning over an unfinished one; who wrote
    // a message is the server's word (set on its copy only), so a copy kept here learns it.
    const authors = new Map(live.flatMap((m) => (m.authorId ? [[m.id, m.authorId] as const] : [])));
    const winners = mergeMessages([...locals.values()], live)
      .map((m) => (!m.authorId && authors.has(m.id) ? { ...m, authorId: authors.get(m.id)! } : m))
      .filter((m) => m !== locals.get(m.id));
    await db.messages.bulkPut(winners);
    const runsWithMessages = new Set(live.map((m) => m.runId));
    const touchedRuns = new Set(runsWithMessages);
    counts.messages += live.length;

    const remoteRuns = new Map<string, Run>();
    for (const raw of page.runs) {
      const restored = parseRunRecord(withoutNulls(raw, ['user_id', 'current_leaf_id']));
      if (!restored.ok) {
        await park('runs', raw, problemOf(restored.error));
        continue;
      }
      remoteRuns.set(restored.value.id, restored.value);
      touchedRuns.add(restored.value.id);
    }
    // Every run's reads go out at once, not one run after another: a page of 500 runs costs a few round
    // trips, not a few thousand.
    const touched = [...touchedRuns];
    const localRuns = await db.runs.bulkGet(touched);
    const merged = await Promise.all(touched.map(async (runId, i): Promise<Run | undefined> => {
      const remote = remoteRuns.get(runId);
      const local = localRuns[i];
      // A purge is final: the server's tombstone stands, whatever this device last wrote.
      if (remote && local && purged.has(runId)) return { ...remote, user_id: remote.user_id ?? local.user_id };
      if (remote && local) {
        const pending = await pendingFields(db, `runs:${runId}`, `prompt_runs:${runId}`);
        return keepOrigin({ ...rebaseOnServer(local, remote, pending), user_id: remote.user_id ?? local.user_id }, local, 'prompt_version_id');
      }
      return remote ?? local;
    }));
    // Runs whose messages would be read one by one (a first sync's runs, new here): one read finds which hold none.
    const reading = touched.filter((id, i) => merged[i] && readsMessages(merged[i], localRuns[i], runsWithMessages.has(id), purged.has(id)));
    const empty = reading.length > 1 ? await runsWithoutMessages(db, reading) : new Set<string>();
    const stored = await Promise.all(touched.map((runId, i) => {
      const run = merged[i];
      // Messages of a run not yet seen wait in the table; the run's own row arrives on a later page.
      return run ? refreshDerived(db, run, remoteRuns.get(runId), localRuns[i], runsWithMessages.has(runId), purged.has(runId), page.serverCounts, empty.has(runId)) : null;
    }));
    counts.storedRuns = stored.filter((r): r is Run => r !== null);
    // Runs this device had no row of: the usage totals need not read what they replace (sync/fresh-rows.ts).
    declareFreshKeys('runs', touched.filter((_, i) => !localRuns[i] && stored[i]));
    await db.runs.bulkPut(counts.storedRuns);
    counts.organized += await applyOrganizeRows(db, page, purged, (key, letter) => pendingFields(db, key, letter), park);
    counts.runs += touched.filter((id, i) => remoteRuns.has(id) && stored[i] !== null).length;
    // Same commit as the rows: a crash can replay this page, never skip it.
    if (page.cursor !== null) await db.meta.put({ key: META.cursor, value: page.cursor });
  });
  return counts;
}

/** A dead letter's Retry for a row that could not be read: apply it again (an updated app may read it now). */
export async function retryReceivedRow(db: PromptRunsDB, letter: DeadLetter): Promise<boolean> {
  const received = letter.received;
  if (!received) return false;
  return db.transaction('rw', pullTables(db), async () => {
    await discardDeadLetter(db, letter.id);
    const rows: PulledRows = { prompts: [], runs: [], messages: [], cursor: null };
    rows[received.table] = [received.row] as never;
    return (await applyRows(db, rows)).invalid === 0;
  });
}
