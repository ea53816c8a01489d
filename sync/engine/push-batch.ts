// One push round trip. A batch gets its seqs and is saved as "in flight" before it is sent; until the
// server answers, every retry resends exactly that batch, so a lost response applies nothing twice.
import type { PromptRunsDB } from '../db';
import type { PushResponse } from '../protocol';
import { ackOutbox } from '../store/outbox';
import { nowIso } from '../clock';
import { buildBatch, type BatchLimits } from './build-batch';
import { addDeadLetter } from './dead-letters';
import { META, readInflight, readLastSeq, type InflightBatch } from './sync-meta';
import type { SyncTransport, TransportFailure } from './transport';

export type PushOutcome =
  | { kind: 'idle' }
  | { kind: 'pushed'; applied: number; duplicates: number; rejected: number; serverTime: string }
  /** The server refused the whole batch: send it again in smaller pieces to find the culprit. */
  | { kind: 'split'; size: number }
  | { kind: 'failed'; failure: TransportFailure };

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

async function settle(db: PromptRunsDB, batch: InflightBatch, response: PushResponse) {
  const counts = { applied: 0, duplicates: 0, rejected: 0 };
  await db.transaction('rw', [db.outbox, db.meta], async () => {
    const bySeq = new Map(response.results.map((r) => [r.seq, r]));
    for (const [i, change] of batch.changes.entries()) {
      const refs = batch.entries[i] ?? [];
      const result = bySeq.get(change.seq);
      if (result?.status === 'rejected') {
        counts.rejected += 1;
        const { seq: _seq, ...rest } = change;
        await addDeadLetter(db, { label: batch.labels[i] ?? change.id, code: result.code, message: result.message, at: nowIso(), change: rest }, refs);
      } else if (result || change.seq <= response.applied_through) {
        counts[result?.status === 'duplicate' ? 'duplicates' : 'applied'] += 1;
        await ackOutbox(db, refs);
      }
      // No result and beyond applied_through: the server never recorded it; it goes out in a later batch.
    }
    await db.meta.delete(META.inflight);
  });
  return counts;
}

export async function pushBatch(db: PromptRunsDB, transport: SyncTransport, clientId: string, limits: BatchLimits): Promise<PushOutcome> {
  const batch = await takeBatch(db, limits);
  if (!batch) return { kind: 'idle' };
  const result = await transport.push({ client_id: clientId, changes: batch.changes });
  if (result.kind === 'ok') return { kind: 'pushed', serverTime: result.value.server_time, ...(await settle(db, batch, result.value)) };
  if (result.kind !== 'rejected') return { kind: 'failed', failure: result };
  // The request as a whole was refused, so the server recorded none of its seqs: safe to re-cut.
  if (batch.changes.length > 1) {
    await db.meta.delete(META.inflight);
    return { kind: 'split', size: Math.ceil(batch.changes.length / 2) };
  }
  const refused = { ...response(result.code, result.message, batch.changes[0]?.seq ?? 0) };
  await settle(db, batch, refused);
  return { kind: 'pushed', applied: 0, duplicates: 0, rejected: 1, serverTime: refused.server_time };
}

function response(code: string, message: string, seq: number): PushResponse {
  return { protocol: 0, applied_through: 0, server_time: '', results: [{ seq, status: 'rejected', code, message }] };
}
