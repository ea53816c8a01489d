// One push round trip. A batch gets its seqs and is saved as "in flight" before it is sent; until the
// server answers, every retry resends exactly that batch, so a lost response applies nothing twice.
// A batch that keeps failing as a whole is narrowed down (split, keeping its seqs) until the one change
// that fails is found and parked with its reason: one bad change never stalls the queue.
import type { PromptRunsDB } from '../db';
import { clockFor } from '../clock';
import { PROTOCOL_VERSION, type PushChange, type PushResponse } from '../protocol';
import { ackOutbox } from '../store/outbox';
import { buildBatch, type BatchLimits } from './build-batch';
import { addDeadLetter, explainRefusal, joinOwnerDeadLetter, ownerLetterId } from './dead-letters';
import { recoverMessages, unsentMessages } from './recover-purged';
import { META, readInflight, readLastSeq, type InflightBatch } from './sync-meta';
import type { SyncTransport, TransportFailure } from './transport';

/** 5xx answers to one batch, each while the server answered a probe, before the batch counts as the cause. */
export const POISON_STRIKES = 3;

export type PushOutcome =
  | { kind: 'idle' }
  | { kind: 'pushed'; applied: number; duplicates: number; rejected: number; serverTime: string; fewerMessages: boolean }
  /** The batch was narrowed (split, or retried after a strike): go on at once; `size` is its new size. */
  | { kind: 'narrowed'; size: number }
  | { kind: 'failed'; failure: TransportFailure };

export interface PushBatchOptions {
  limits: BatchLimits;
  /** Whether the server answers at all right now (a small pull): tells a poison batch from an outage. */
  probe(): Promise<boolean>;
}

async function takeBatch(db: PromptRunsDB, limits: BatchLimits): Promise<InflightBatch | null> {
  const existing = await readInflight(db);
  if (existing) return existing;
  const { drafts, orphans } = await buildBatch(db, limits);
  if (orphans.length > 0) await ackOutbox(db, orphans);
  if (drafts.length === 0) return null;
  return db.transaction('rw', db.meta, async () => {
    const last = await readLastSeq(db);
    const batch: InflightBatch = {
      changes: drafts.map((d, i) => ({ ...d.change, seq: last + 1 + i })),
      entries: drafts.map((d) => d.entries),
      labels: drafts.map((d) => d.label),
    };
    await db.meta.bulkPut([
      { key: META.lastSeq, value: last + batch.changes.length },
      { key: META.inflight, value: batch },
    ]);
    return batch;
  });
}

/** A run deleted forever elsewhere refused our change: keep its unsent text in a new run, drop the rest. */
async function recoverFromPurge(db: PromptRunsDB, change: PushChange): Promise<void> {
  if (change.table !== 'prompt_runs' || change.id === undefined) return; // a tag, filing or version of it: dropped
  const ids = (change.append_messages ?? []).map((m) => m.id);
  const run = await db.runs.get(change.id);
  if (run && ids.length > 0) await recoverMessages(db, run, await unsentMessages(db, change.id, ids));
}

/** A run someone else shared with the person: refusals of it are dead letters (a recovered run could not sync). */
const sharedHere = async (db: PromptRunsDB, change: PushChange) => change.table === 'prompt_runs' && !!(await db.runs.get(change.id ?? ''))?.shared;

async function joinsOwner(db: PromptRunsDB, change: PushChange, refs: ReadonlyArray<{ key: string; seq: number }>): Promise<boolean> {
  const owner = ownerLetterId(change);
  return owner !== null && joinOwnerDeadLetter(db, owner, refs);
}

async function settle(db: PromptRunsDB, batch: InflightBatch, response: PushResponse) {
  const counts = { applied: 0, duplicates: 0, rejected: 0, fewerMessages: false };
  await db.transaction('rw', [db.runs, db.messages, db.outbox, db.meta], async () => {
    const bySeq = new Map(response.results.map((r) => [r.seq, r]));
    for (const [i, change] of batch.changes.entries()) {
      const refs = batch.entries[i] ?? [];
      const result = bySeq.get(change.seq);
      if (result?.status === 'rejected' && result.code === 'too_many_messages') {
        // Left queued: the messages go again, fewer per change.
        counts.fewerMessages = true;
      } else if (result?.status === 'rejected' && result.code === 'run_purged' && !(await sharedHere(db, change))) {
        await recoverFromPurge(db, change);
        await ackOutbox(db, refs);
      } else if (result?.status === 'rejected' && (await joinsOwner(db, change, refs))) {
        // A link or version of a run or prompt refused itself: part of that row's letter now.
      } else if (result?.status === 'rejected') {
        counts.rejected += 1;
        const { seq: _seq, ...rest } = change;
        const message = explainRefusal(result.code, result.message);
        await addDeadLetter(db, { label: batch.labels[i] ?? change.id ?? change.table, code: result.code, message, at: clockFor(db).nowIso(), change: rest }, refs);
      } else if (result || change.seq <= response.applied_through) {
        // A saved version goes with the edit it records: not counted as a change of its own.
        if (change.table !== 'prompt_versions' && change.table !== 'run_versions') counts[result?.status === 'duplicate' ? 'duplicates' : 'applied'] += 1;
        await ackOutbox(db, refs);
      }
      // No result and beyond applied_through: the server never recorded it; it goes out in a later batch.
    }
    await db.meta.delete(META.inflight);
  });
  return counts;
}

/**
 * The batch failed as a whole for a reason of its own: keep its first half in flight (same seqs, so a
 * server that did commit answers "duplicate"; the rest is cut again with new seqs), or, down to one
 * change, park that change with the reason and let the queue flow.
 */
async function narrow(db: PromptRunsDB, batch: InflightBatch, code: string, message: string): Promise<PushOutcome> {
  if (batch.changes.length > 1) {
    const half = Math.ceil(batch.changes.length / 2);
    const first: InflightBatch = { changes: batch.changes.slice(0, half), entries: batch.entries.slice(0, half), labels: batch.labels.slice(0, half) };
    await db.meta.put({ key: META.inflight, value: first });
    return { kind: 'narrowed', size: half };
  }
  const seq = batch.changes[0]?.seq ?? 0;
  const counts = await settle(db, batch, { protocol: PROTOCOL_VERSION, applied_through: 0, server_time: '', results: [{ seq, status: 'rejected', code, message }] });
  return { kind: 'pushed', ...counts, serverTime: '' };
}

export async function pushBatch(db: PromptRunsDB, transport: SyncTransport, clientId: string, options: PushBatchOptions): Promise<PushOutcome> {
  const batch = await takeBatch(db, options.limits);
  if (!batch) return { kind: 'idle' };
  const result = await transport.push({ client_id: clientId, changes: batch.changes, protocol: PROTOCOL_VERSION });
  if (result.kind === 'ok') return { kind: 'pushed', serverTime: result.value.server_time, ...(await settle(db, batch, result.value)) };
  // The request as a whole was refused (4xx, 413): the server recorded none of its seqs.
  if (result.kind === 'rejected') return narrow(db, batch, result.code, result.message);
  // Connection, session, protocol, rate limits: nothing to do with what the batch holds.
  if (result.kind !== 'server' || result.status < 500) return { kind: 'failed', failure: result };
  // A 5xx while the server answers otherwise points at the batch; while it answers nothing, it is an outage.
  if (!(await options.probe())) return { kind: 'failed', failure: result };
  const strikes = (batch.strikes ?? 0) + 1;
  if (strikes < POISON_STRIKES) {
    await db.meta.put({ key: META.inflight, value: { ...batch, strikes } });
    return { kind: 'narrowed', size: batch.changes.length };
  }
  return narrow(db, batch, 'server_error', `The server failed on this change ${POISON_STRIKES} times in a row (HTTP ${result.status}: ${result.message}).`);
}
