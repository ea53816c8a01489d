// Apply one page of pulled changes in a single Dexie transaction, merged field by field with what the
// device has; fields with pending local edits are left alone, and the cursor moves in the same commit.
import type { PromptRunsDB } from '../db';
import { mergeRow, pickMessage, SERVER_WRITER } from '../merge';
import { PROMPT_EDITABLE_FIELDS, RUN_EDITABLE_FIELDS, type Message, type Run } from '../model';
import type { PullResponse } from '../protocol';
import { parseMessageRecord, parsePromptRecord, parseRunRecord } from '../parse-records';
import { META } from './sync-meta';

export interface ApplyCounts {
  prompts: number;
  runs: number;
  messages: number;
  /** Rows that failed validation and were skipped (reported, never trusted). */
  invalid: number;
}

/** SQL NULL in a column with a device-side default reads as "absent", so restore fills the default. */
function withoutNulls(raw: unknown, nullable: readonly string[]): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  return Object.fromEntries(Object.entries(raw).filter(([k, v]) => v !== null || nullable.includes(k)));
}

const serverWriters = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, SERVER_WRITER]));

/** Field sets with local edits the server has not acknowledged, by outbox key. */
async function pendingFields(db: PromptRunsDB, key: string): Promise<Set<string>> {
  const entry = await db.outbox.get(key);
  return new Set(entry?.fields ?? []);
}

/** Derived columns follow the messages this device now holds (they are not edited, so not merged). */
async function refreshDerived(db: PromptRunsDB, run: Run, remote: Run | undefined, local: Run | undefined, gotMessages: boolean): Promise<Run> {
  const next = { ...run };
  if (remote && Date.parse(remote.last_message_at) > Date.parse(next.last_message_at)) {
    next.last_message_at = remote.last_message_at;
    next.last_message_preview = remote.last_message_preview;
  }
  // Only a run that received messages (or is new here) needs its messages counted again.
  if (local && !gotMessages) return { ...next, message_count: local.message_count };
  const messages = await db.messages.where('runId').equals(run.id).filter((m) => m.status !== 'streaming').toArray();
  next.message_count = messages.length;
  // Messages may arrive without their run's row in the same page: activity still moves forward.
  const newest = messages.reduce<Message | undefined>((a, m) => (!a || m.createdAt > a.createdAt ? m : a), undefined);
  if (newest && Date.parse(newest.createdAt) > Date.parse(next.last_message_at)) {
    next.last_message_at = newest.createdAt;
    next.last_message_preview = newest.content.replace(/\s+/g, ' ').trim().slice(0, 140);
  }
  return next;
}

export async function applyPull(db: PromptRunsDB, page: PullResponse): Promise<ApplyCounts> {
  const counts: ApplyCounts = { prompts: 0, runs: 0, messages: 0, invalid: 0 };
  await db.transaction('rw', [db.prompts, db.runs, db.messages, db.outbox, db.meta, db.purged], async () => {
    for (const raw of page.prompts) {
      const restored = parsePromptRecord(withoutNulls(raw, ['user_id']));
      if (!restored.ok) { counts.invalid += 1; continue; }
      const remote = restored.value;
      const local = await db.prompts.get(remote.id);
      const pending = await pendingFields(db, `prompts:${remote.id}`);
      const merged = local
        ? mergeRow({ row: local }, { row: remote, writers: serverWriters(PROMPT_EDITABLE_FIELDS) }, { fields: PROMPT_EDITABLE_FIELDS, pending }).row
        : remote;
      await db.prompts.put({ ...merged, user_id: remote.user_id ?? local?.user_id ?? null });
      counts.prompts += 1;
    }

    // A run deleted forever elsewhere (the server reports purged_at): its conversation leaves this device too.
    const purged = new Set<string>();
    for (const raw of page.runs) {
      const row = raw as unknown as { id?: unknown; purged_at?: unknown };
      if (typeof row.id === 'string' && typeof row.purged_at === 'string') purged.add(row.id);
    }
    for (const runId of purged) {
      const ids = (await db.messages.where('runId').equals(runId).primaryKeys()) as string[];
      await db.messages.bulkDelete(ids);
      await db.outbox.bulkDelete(ids.map((id) => `messages:${id}`));
      await db.purged.put({ id: runId, purged_at: (page.runs.find((r) => r.id === runId) as unknown as { purged_at: string }).purged_at });
    }

    // Messages in bulk: an initial sync brings tens of thousands of them.
    const incoming: Message[] = [];
    for (const raw of page.messages) {
      const wire = raw as unknown as Record<string, unknown>;
      const restored = parseMessageRecord(withoutNulls({ ...wire, runId: wire.run_id }, ['parentId']));
      if (restored.ok) incoming.push(restored.value);
      else counts.invalid += 1;
    }
    const runIds = [...new Set(incoming.map((m) => m.runId))];
    const purgedHere = await db.purged.bulkGet(runIds);
    runIds.forEach((id, i) => {
      if (purgedHere[i]) purged.add(id);
    });
    const live = incoming.filter((m) => !purged.has(m.runId));
    const locals = await db.messages.bulkGet(live.map((m) => m.id));
    const winners = live.map((m, i) => (locals[i] ? pickMessage(locals[i], m) : m)).filter((m, i) => m !== locals[i]);
    await db.messages.bulkPut(winners);
    const runsWithMessages = new Set(live.map((m) => m.runId));
    const touchedRuns = new Set(runsWithMessages);
    counts.messages += live.length;

    const remoteRuns = new Map<string, Run>();
    for (const raw of page.runs) {
      const restored = parseRunRecord(withoutNulls(raw, ['user_id', 'current_leaf_id']));
      if (!restored.ok) { counts.invalid += 1; continue; }
      remoteRuns.set(restored.value.id, restored.value);
      touchedRuns.add(restored.value.id);
    }
    for (const runId of touchedRuns) {
      const remote = remoteRuns.get(runId);
      const local = await db.runs.get(runId);
      let merged: Run | undefined = local;
      if (remote && local) {
        const pending = await pendingFields(db, `runs:${runId}`);
        merged = mergeRow({ row: local }, { row: remote, writers: serverWriters(RUN_EDITABLE_FIELDS) }, { fields: RUN_EDITABLE_FIELDS, pending }).row;
        merged = { ...merged, user_id: remote.user_id ?? local.user_id };
      } else if (remote) merged = remote;
      // Messages of a run not yet seen wait in the table; the run's own row arrives on a later page.
      if (!merged) continue;
      await db.runs.put(await refreshDerived(db, merged, remote, local, runsWithMessages.has(runId) || purged.has(runId)));
      if (remote) counts.runs += 1;
    }
    // Same commit as the rows: a crash can replay this page, never skip it.
    await db.meta.put({ key: META.cursor, value: page.cursor });
  });
  return counts;
}
