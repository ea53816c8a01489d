// Turn outbox entries into wire changes. The payload is read from the rows now (so coalesced edits go
// once): only the changed fields and their clocks, and for runs only the queued messages (O(change)).
import type { PromptRunsDB } from '../db';
import { PROMPT_EDITABLE_FIELDS, RUN_EDITABLE_FIELDS, type OutboxEntry } from '../model';
import type { PushChange, WireMessage } from '../protocol';
import { listOutbox } from '../store/outbox';

export interface BatchLimits {
  maxChanges: number;
  maxMessages: number;
}

/** The server refuses a change over 1 MiB; messages beyond this go in the next change of the run. */
const MAX_CHANGE_BYTES = 512 * 1024;
/** Keep a whole request well under the gateway's body limit. */
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

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
    if (!(field in row)) continue;
    values[field] = (row as Record<string, unknown>)[field];
    stamps[field] = clocks[field] ?? fallback;
  }
  return { values, clocks: stamps };
}

const editable = (fields: readonly string[], allowed: readonly string[]) => fields.filter((f) => allowed.includes(f));
const ref = (e: OutboxEntry) => ({ key: e.key, seq: e.seq });

/** Read the next batch: prompts first (runs reference them), then runs with their new messages. */
export async function buildBatch(db: PromptRunsDB, limits: BatchLimits): Promise<DraftBatch> {
  const entries = await listOutbox(db);
  const drafts: DraftChange[] = [];
  const orphans: DraftBatch['orphans'] = [];
  const runGroups = new Map<string, { run?: OutboxEntry; messages: OutboxEntry[] }>();
  for (const entry of entries) {
    if (entry.table === 'prompts') {
      if (drafts.length >= limits.maxChanges) continue;
      const prompt = await db.prompts.get(entry.rowId);
      if (!prompt) {
        orphans.push(ref(entry));
        continue;
      }
      const fields = entry.isNew ? PROMPT_EDITABLE_FIELDS : editable(entry.fields, PROMPT_EDITABLE_FIELDS);
      drafts.push({
        change: { table: 'prompts', id: prompt.id, ...(entry.isNew ? { insert: { created_at: prompt.created_at } } : {}), ...pick(prompt, fields, prompt.field_updated_at, prompt.updated_at) },
        entries: [ref(entry)],
        label: `Prompt “${prompt.name}”`,
      });
      continue;
    }
    const runId = entry.table === 'runs' ? entry.rowId : entry.runId ?? '';
    const group = runGroups.get(runId) ?? { messages: [] };
    if (entry.table === 'runs') group.run = entry;
    else group.messages.push(entry);
    runGroups.set(runId, group);
  }
  let messageBudget = limits.maxMessages;
  let batchBytes = 0;
  for (const [runId, group] of runGroups) {
    if (drafts.length >= limits.maxChanges || (drafts.length > 0 && (messageBudget <= 0 || batchBytes > MAX_BATCH_BYTES))) break;
    const run = await db.runs.get(runId);
    if (!run) {
      orphans.push(...[...(group.run ? [group.run] : []), ...group.messages].map(ref));
      continue;
    }
    const isNew = group.run?.isNew ?? false;
    const fields = isNew ? RUN_EDITABLE_FIELDS : editable(group.run?.fields ?? [], RUN_EDITABLE_FIELDS);
    const stored = await db.messages.bulkGet(group.messages.map((e) => e.rowId));
    const messages: WireMessage[] = [];
    const sent: OutboxEntry[] = group.run ? [group.run] : [];
    let changeBytes = 0;
    for (const [i, m] of stored.entries()) {
      const entry = group.messages[i]!;
      // A message still streaming is queued again by the mutation that completes it.
      if (!m || m.status === 'streaming') {
        orphans.push(ref(entry));
        continue;
      }
      const { runId: _run, ...wire } = m;
      const size = JSON.stringify(wire).length;
      // The rest stays queued and goes in the next batch (a long run adopted or imported at once).
      if (messages.length > 0 && (changeBytes + size > MAX_CHANGE_BYTES || messages.length >= Math.max(1, messageBudget))) break;
      messages.push(wire);
      sent.push(entry);
      changeBytes += size;
    }
    batchBytes += changeBytes;
    if (sent.length === 0) continue;
    messageBudget -= messages.length;
    // Deleted forever on this device: the server drops the conversation too (the row stays a tombstone).
    const purge = group.run !== undefined && (await db.purged.get(run.id)) !== undefined;
    drafts.push({
      change: {
        table: 'prompt_runs',
        id: run.id,
        ...(isNew ? { insert: { prompt_id: run.prompt_id, created_at: run.created_at } } : {}),
        ...pick(run, fields, run.field_updated_at, run.updated_at),
        ...(messages.length > 0 ? { append_messages: messages } : {}),
        ...(purge ? { purge: true } : {}),
      },
      entries: sent.map(ref),
      label: `Run “${run.name}”`,
    });
  }
  return { drafts, orphans };
}
