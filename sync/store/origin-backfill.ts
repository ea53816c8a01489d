// Dexie v12: a run's prompt version and a template's source run became synced fields. Rows made before
// then hold them on this device only; queue them once, as edits of those fields, so they reach the server
// and the user's other devices. An entry already queued for the row gains the field (keeping its seq).
import type { Transaction } from 'dexie';
import { OUTBOX_SEQ_KEY, type OutboxEntry, type OutboxTable } from '../model';

type Origin = { table: Extract<OutboxTable, 'runs' | 'prompts'>; id: string; field: 'prompt_version_id' | 'source_run_id' };

export async function queueOriginLinks(tx: Transaction, now = new Date().toISOString()): Promise<number> {
  const holding = async (table: Origin['table'], field: Origin['field']): Promise<Origin[]> =>
    ((await tx.table(table).filter((row: Record<string, unknown>) => typeof row[field] === 'string').primaryKeys()) as string[])
      .map((id) => ({ table, id, field }));
  const origins = [...(await holding('runs', 'prompt_version_id')), ...(await holding('prompts', 'source_run_id'))];
  if (origins.length === 0) return 0;
  const keys = origins.map((o) => `${o.table}:${o.id}`);
  const [counter, existing] = await Promise.all([tx.table('meta').get(OUTBOX_SEQ_KEY), tx.table('outbox').bulkGet(keys)]);
  let seq = typeof counter?.value === 'number' ? counter.value : 0;
  const entries = origins.map((o, i): OutboxEntry => {
    const prior = existing[i] as OutboxEntry | undefined;
    if (prior) return { ...prior, fields: [...new Set([...prior.fields, o.field])] };
    seq += 1;
    return { key: keys[i]!, table: o.table, rowId: o.id, fields: [o.field], isNew: false, seq, queuedAt: now };
  });
  await Promise.all([tx.table('meta').put({ key: OUTBOX_SEQ_KEY, value: seq }), tx.table('outbox').bulkPut(entries)]);
  return entries.length;
}
