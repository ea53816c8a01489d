// Turn outbox entries into wire changes. The payload is read from the rows now (so coalesced edits go
// once): only the changed fields and their clocks, and for runs only the queued messages (O(change)).
import type { PromptRunsDB } from '../db';
import { PROMPT_EDITABLE_FIELDS, RUN_EDITABLE_FIELDS, type Message, type OutboxEntry, type Run } from '../model';
import type { PushChange, WireMessage } from '../protocol';
import { utf8Length } from '../limits';
import { SYNC_LIMITS } from '../protocol';
import { isOrganizeEntry, organizeDrafts } from './build-organize';
import { otherEntries, walkRunEntries, type RunGroup } from './outbox-window';
import { enqueueMany } from '../store/write';
import { messagesOfRun } from '../run-messages';

export interface BatchLimits {
  maxChanges: number;
  maxMessages: number;
}

/** Room left in each change for its envelope (seq, ids, clocks) and in a call for its own. */
const CHANGE_BYTES = SYNC_LIMITS.bytesPerChange - 8 * 1024;
const CALL_BYTES = SYNC_LIMITS.bytesPerCall - 16 * 1024;

const bytesOf = (value: unknown) => utf8Length(JSON.stringify(value) ?? '');

export interface DraftChange {
  change: Omit<PushChange, 'seq'>;
  entries: Array<{ key: string; seq: number }>;
  /** What a person would call this change, for the dead-letter list. */
  label: string;
}

export interface DraftBatch {
  drafts: DraftChange[];
  /** Entries whose row no longer exists locally: nothing to send, acknowledge them. */
  orphans: Array<{ key: string; seq: number }>;
}

function pick(row: object, fields: readonly string[], clocks: Record<string, string>, fallback: string) {
  const values: Record<string, unknown> = {};
  const stamps: Record<string, string> = {};
  for (const field of fields) {
    // A field the row never had (a run made before it existed, a prompt not saved from a run) is not sent.
    const value = (row as Record<string, unknown>)[field];
    if (value === undefined) continue;
    values[field] = value;
    stamps[field] = clocks[field] ?? fallback;
  }
  return { values, clocks: stamps };
}

const editable = (fields: readonly string[], allowed: readonly string[]) => fields.filter((f) => allowed.includes(f));
const ref = (e: OutboxEntry) => ({ key: e.key, seq: e.seq });

/** Runs whose rows are read together: three requests for them all, not three per run. */
const ROWS_AT_ONCE = 25;

interface RunRows {
  run: Run | undefined;
  /** Deleted forever on this device. */
  purged: boolean;
  /** The entries of the messages that go with the run (a whole run's own are made up here: seq 0, never in the outbox). */
  entries: OutboxEntry[];
  /** Their messages, in the same order. */
  stored: Array<Message | undefined>;
}

/** A run's messages, each parent before its replies (then by time), as a whole run sends them. */
export function parentsFirst(messages: readonly Message[]): Message[] {
  const byTime = [...messages].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  const ids = new Set(byTime.map((m) => m.id));
  const replies = new Map<string | null, Message[]>();
  for (const m of byTime) {
    const parent = m.parentId !== null && ids.has(m.parentId) ? m.parentId : null;
    replies.set(parent, [...(replies.get(parent) ?? []), m]);
  }
  const out: Message[] = [];
  const placed = new Set<string>();
  const visit = (parent: string | null) => {
    for (const m of replies.get(parent) ?? []) {
      if (placed.has(m.id)) continue;
      placed.add(m.id);
      out.push(m);
      visit(m.id);
    }
  };
  visit(null);
  // A loop of parents (damaged rows) has no root: its messages go last, by time.
  return [...out, ...byTime.filter((m) => !placed.has(m.id))];
}

/** A whole run's messages and their entries: its queued messages' own, a made-up one for the rest. */
function wholeRunRows(runEntry: OutboxEntry, queued: readonly OutboxEntry[], held: readonly Message[]) {
  const own = new Map(queued.map((e) => [e.rowId, e]));
  const stored = parentsFirst(held);
  const entries = stored.map((m) => own.get(m.id) ?? { key: `messages:${m.id}`, table: 'messages' as const, rowId: m.id, runId: runEntry.rowId, fields: [], isNew: true, seq: 0, queuedAt: runEntry.queuedAt });
  // A queued message whose row is gone: an orphan, acknowledged below.
  const gone = queued.filter((e) => !stored.some((m) => m.id === e.rowId));
  return { entries: [...entries, ...gone], stored: [...stored, ...gone.map(() => undefined)] };
}

async function readRows(db: PromptRunsDB, groups: ReadonlyArray<readonly [string, RunGroup]>): Promise<RunRows[]> {
  const ids = groups.map(([id]) => id);
  const [runs, purged, messages, wholes] = await Promise.all([
    db.runs.bulkGet(ids),
    db.purged.bulkGet(ids),
    db.messages.bulkGet(groups.flatMap(([, g]) => (g.run?.wholeRun ? [] : g.messages.map((e) => e.rowId)))),
    Promise.all(groups.map(([id, g]) => (g.run?.wholeRun ? messagesOfRun(db.messages, id).toArray() : null))),
  ]);
  let from = 0;
  return groups.map(([, g], i) => {
    const whole = wholes[i];
    if (g.run && whole) return { run: runs[i], purged: purged[i] !== undefined, ...wholeRunRows(g.run, g.messages, whole) };
    return { run: runs[i], purged: purged[i] !== undefined, entries: g.messages, stored: messages.slice(from, (from += g.messages.length)) };
  });
}

/**
 * A whole run too big for a change of its own is queued message by message (as runs written here are):
 * its messages then go over several calls, each acknowledged as it arrives. Its own transaction.
 */
async function splitWholeRun(db: PromptRunsDB, runId: string): Promise<void> {
  await db.transaction('rw', [db.outbox, db.meta, db.messages], async () => {
    const entry = await db.outbox.get(`runs:${runId}`);
    if (!entry?.wholeRun) return;
    const held = parentsFirst(await messagesOfRun(db.messages, runId).toArray());
    const { wholeRun: _whole, ...plain } = entry;
    await db.outbox.put(plain);
    await enqueueMany(db, held.filter((m) => m.status !== 'streaming').map((m) => ({ table: 'messages' as const, rowId: m.id, runId, isNew: true })));
  });
}

/**
 * Read the next batch: tags and folders, prompts (runs reference them), runs with their new messages, then
 * what names those rows (tag links, filing, versions: build-organize.ts) once all of them are in the batch.
 */
export async function buildBatch(db: PromptRunsDB, limits: BatchLimits): Promise<DraftBatch> {
  const others = await otherEntries(db);
  const drafts: DraftChange[] = [];
  const orphans: DraftBatch['orphans'] = [];
  let batchBytes = 0;
  const fits = (change: DraftChange['change']) => {
    const size = bytesOf(change) + 32;
    if (drafts.length >= limits.maxChanges || (drafts.length > 0 && batchBytes + size > CALL_BYTES)) return false;
    batchBytes += size;
    return true;
  };
  const organizing = others.filter(isOrganizeEntry);
  const entities = await organizeDrafts(db, organizing, 'entities', fits);
  drafts.push(...entities.drafts);
  orphans.push(...entities.orphans);
  let leftOver = entities.leftOver;
  for (const entry of others) {
    if (isOrganizeEntry(entry)) continue;
    if (entry.table !== 'prompts') {
      orphans.push(ref(entry)); // a kind this version does not send
      continue;
    }
    if (drafts.length >= limits.maxChanges || batchBytes >= CALL_BYTES) {
      leftOver = true;
      continue;
    }
    const prompt = await db.prompts.get(entry.rowId);
    if (!prompt) {
      orphans.push(ref(entry));
      continue;
    }
    const fields = entry.isNew ? PROMPT_EDITABLE_FIELDS : editable(entry.fields, PROMPT_EDITABLE_FIELDS);
    const change: DraftChange['change'] = { table: 'prompts', id: prompt.id, ...(entry.isNew ? { insert: { created_at: prompt.created_at } } : {}), ...pick(prompt, fields, prompt.field_updated_at, prompt.updated_at) };
    if (!fits(change)) {
      leftOver = true;
      continue;
    }
    drafts.push({ change, entries: [ref(entry)], label: `Prompt “${prompt.name}”` });
  }
  let messageBudget = limits.maxMessages;
  /** One run's change; 'full' when the call has no room for it (it stays queued for the next one). */
  const draftRun = (group: RunGroup, { run, purged, entries, stored }: RunRows): 'drafted' | 'skipped' | 'full' | 'split' => {
    if (drafts.length >= limits.maxChanges || (drafts.length > 0 && (messageBudget <= 0 || batchBytes >= CALL_BYTES))) return 'full';
    if (!run) {
      orphans.push(...[...(group.run ? [group.run] : []), ...group.messages].map(ref));
      return 'skipped';
    }
    const isNew = group.run?.isNew ?? false;
    const fields = isNew ? RUN_EDITABLE_FIELDS : editable(group.run?.fields ?? [], RUN_EDITABLE_FIELDS);
    const values = pick(run, fields, run.field_updated_at, run.updated_at);
    const messages: WireMessage[] = [];
    const sent: OutboxEntry[] = group.run ? [group.run] : [];
    // Deleted forever on this device: the server drops the conversation too (the row stays a tombstone).
    const purge = group.run !== undefined && purged;
    const envelope: DraftChange['change'] = {
      table: 'prompt_runs',
      id: run.id,
      ...(isNew ? { insert: { prompt_id: run.prompt_id, created_at: run.created_at } } : {}),
      ...values,
      ...(purge ? { purge: true } : {}),
    };
    // Everything but the messages, with room for the seq and the messages' key.
    let changeBytes = bytesOf(envelope) + 48;
    // Bytes this change may still take: its own limit, and what is left of the call's.
    const room = () => Math.min(CHANGE_BYTES, CALL_BYTES - batchBytes);
    if (drafts.length > 0 && changeBytes > room()) return 'full';
    // A whole run goes in one change, or waits for the next call; too big for any, it is split first.
    if (group.run?.wholeRun) {
      const sending = stored.filter((m): m is Message => m !== undefined && m.status !== 'streaming');
      const bytes = sending.reduce((sum, { runId: _run, ...wire }) => sum + bytesOf(wire) + 1, changeBytes);
      if (bytes > room() || sending.length > Math.max(1, messageBudget)) return drafts.length > 0 ? 'full' : 'split';
    }
    let full = false;
    for (const [i, m] of stored.entries()) {
      const entry = entries[i]!;
      // A message still streaming is queued again by the mutation that completes it.
      if (!m || m.status === 'streaming') {
        orphans.push(ref(entry));
        continue;
      }
      const { runId: _run, ...wire } = m;
      const size = bytesOf(wire) + 1;
      // The rest stays queued and goes in the next batch (a long run adopted or imported at once). A change
      // with nothing else in it always takes one message: the app's checks keep one message well under a change.
      const alone = messages.length === 0 && sent.length === 0 && drafts.length === 0;
      if (!alone && (changeBytes + size > room() || messages.length >= Math.max(1, messageBudget))) {
        full = true;
        break;
      }
      messages.push(wire);
      sent.push(entry);
      changeBytes += size;
    }
    if (full) leftOver = true;
    if (sent.length === 0) return full ? 'full' : 'skipped'; // full: this run goes in the next call
    batchBytes += changeBytes;
    messageBudget -= messages.length;
    drafts.push({
      change: { ...envelope, ...(messages.length > 0 ? { append_messages: messages } : {}) },
      entries: sent.map(ref),
      label: `Run “${run.name}”`,
    });
    return 'drafted';
  };
  // Entries for a batch's worth of changes and messages; the walk reads on only past a window that held
  // nothing to send (rows gone, replies still streaming), so a run never gets two changes in one call.
  const walk = walkRunEntries(db);
  for (;;) {
    const window = await walk.next(limits.maxChanges + limits.maxMessages);
    let drafted = 0;
    let full = false;
    const groups = [...window.groups];
    for (let at = 0; at < groups.length && !full; at += ROWS_AT_ONCE) {
      const slice = groups.slice(at, at + ROWS_AT_ONCE);
      const rows = await readRows(db, slice);
      for (const [i, [, group]] of slice.entries()) {
        const outcome = draftRun(group, rows[i]!);
        if (outcome === 'split') {
          await splitWholeRun(db, group.run!.rowId);
          return buildBatch(db, limits);
        }
        full = outcome === 'full';
        if (full) break;
        if (outcome === 'drafted') drafted += 1;
      }
    }
    if (full || window.more) leftOver = true;
    if (full || drafted > 0 || !window.more) break;
  }
  if (!leftOver) {
    const dependents = await organizeDrafts(db, organizing, 'dependents', fits);
    drafts.push(...dependents.drafts);
    orphans.push(...dependents.orphans);
  }
  return { drafts, orphans };
}
