// Shared runs whose membership ended (`removed_runs` of a pull): the run leaves this device, with its
// messages and everything derived from them (search entries and usage totals follow the deletes through
// their middlewares; tags, filing, versions and a first sync's queue go here), and nothing is queued: the
// owner's run lives on. Text written here that the server never took is not dropped without a word: it
// is kept in a dead letter with the server's reason, where the person can still read and copy it.
import type { PromptRunsDB } from '../db';
import { isoDate, CheckIssue } from '../checks';
import type { Message, OutboxEntry, Run } from '../model';
import { parseRunRecord } from '../parse-records';
import type { RemovedRun, WireMessage } from '../protocol';
import { dropPurgedRunOrganizing } from '../store/purge-organizing';
import { PLACEHOLDER_PREFIX } from '../usage/usage-totals';
import { keepRemovedChanges } from './dead-letters';
import { messagesOfRun } from '../run-messages';

export const MEMBERSHIP_REMOVED = 'membership_removed';

export const removedMessage = (name: string) => `Your changes to "${name}" were not saved: its owner removed you from this run`;

type Park = (raw: unknown, problem: string) => Promise<void>;

/** A removal as the server sent it, or the problem with it (shown in the dead letters). */
export function parseRemoval(raw: unknown): { ok: true; value: RemovedRun } | { ok: false; problem: string } {
  const row = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : null;
  if (!row || typeof row.id !== 'string' || row.id === '') return { ok: false, problem: 'a removed run without an id' };
  try {
    return { ok: true, value: { id: row.id, removed_at: isoDate(row.removed_at, 'removed_at') } };
  } catch (error) {
    return { ok: false, problem: error instanceof CheckIssue ? error.message : 'removed_at: not a date' };
  }
}

/** The run an outbox entry changes, if it is a run's or a message's. */
const runOfEntry = (e: OutboxEntry) => (e.table === 'runs' ? e.rowId : e.table === 'messages' ? e.runId : undefined);

/** The unsent changes of the runs named, by run: one read of the outbox for a page, not one per removal. */
async function unsentEntries(db: PromptRunsDB, runIds: ReadonlySet<string>): Promise<Map<string, OutboxEntry[]>> {
  const byRun = new Map<string, OutboxEntry[]>();
  if (runIds.size === 0) return byRun;
  for (const e of await db.outbox.filter((e) => runIds.has(runOfEntry(e) ?? '')).toArray()) {
    const runId = runOfEntry(e)!;
    byRun.set(runId, [...(byRun.get(runId) ?? []), e]);
  }
  return byRun;
}

/** The run's unsent changes (its queued `entries`), as one change a person can read. */
async function unsentChanges(db: PromptRunsDB, run: Run, entries: OutboxEntry[]): Promise<{ entries: OutboxEntry[]; values: Record<string, unknown>; messages: WireMessage[] }> {
  const fields = entries.find((e) => e.table === 'runs')?.fields ?? [];
  const values = Object.fromEntries(fields.map((f) => [f, (run as unknown as Record<string, unknown>)[f]]).filter(([, v]) => v !== undefined));
  // A whole run (imported) queued its messages with its own entry, not one each.
  const stored = entries.some((e) => e.wholeRun)
    ? await messagesOfRun(db.messages, run.id).toArray()
    : await db.messages.bulkGet(entries.filter((e) => e.table === 'messages').map((e) => e.rowId));
  const messages = stored.filter((m): m is Message => m !== undefined).map(({ runId: _run, ...wire }) => wire);
  return { entries, values, messages };
}

/**
 * Apply the removals of a page (inside applyRows' transaction); returns the ids of the runs that left. A
 * removal naming a run of the person's own here is refused (parked): it would delete their own work.
 */
export async function applyRemovals(db: PromptRunsDB, raws: readonly unknown[], park: Park): Promise<Set<string>> {
  const removed = new Set<string>();
  const parsedRaws = raws.map((raw) => ({ raw, parsed: parseRemoval(raw) }));
  const queued = await unsentEntries(db, new Set(parsedRaws.flatMap(({ parsed }) => (parsed.ok ? [parsed.value.id] : []))));
  for (const { raw, parsed } of parsedRaws) {
    if (!parsed.ok) {
      await park(raw, parsed.problem);
      continue;
    }
    const { id } = parsed.value;
    const stored = await db.runs.get(id);
    const local = stored ? parseRunRecord(stored) : null;
    if (local?.ok && !local.value.shared) {
      await park(raw, 'the server removed you from a run that is your own on this device; it was kept');
      continue;
    }
    if (local?.ok) {
      const unsent = await unsentChanges(db, local.value, queued.get(id) ?? []);
      queued.delete(id);
      if (unsent.entries.length > 0) {
        await keepRemovedChanges(db, {
          runId: id,
          label: `Run “${local.value.name}”`,
          code: MEMBERSHIP_REMOVED,
          message: removedMessage(local.value.name),
          change: { table: 'prompt_runs', id, values: unsent.values, clocks: {}, ...(unsent.messages.length > 0 ? { append_messages: unsent.messages } : {}) },
        });
      }
      await db.outbox.bulkDelete(unsent.entries.map((e) => e.key));
    }
    const messageIds = (await messagesOfRun(db.messages, id).primaryKeys()) as string[];
    await db.messages.bulkDelete(messageIds);
    await db.runs.delete(id);
    await dropPurgedRunOrganizing(db, id);
    await db.snapshotQueue.delete(id);
    // Replies stored before their run arrived were kept under a placeholder prompt: they go too.
    await db.usageTotals.where('promptId').equals(`${PLACEHOLDER_PREFIX}${id}`).delete();
    removed.add(id);
  }
  return removed;
}

/** A shared run its owner deleted forever: what was written here and never sent stays readable in a dead letter. */
export async function keepPurgedSharedText(db: PromptRunsDB, run: Run, unsent: readonly Message[]): Promise<void> {
  if (unsent.length === 0) return;
  await keepRemovedChanges(db, {
    runId: run.id,
    label: `Run “${run.name}”`,
    code: 'run_purged',
    message: `Your changes to "${run.name}" were not saved: its owner deleted it forever`,
    change: { table: 'prompt_runs', id: run.id, values: {}, clocks: {}, append_messages: unsent.map(({ runId: _run, ...wire }) => wire) },
  });
}
