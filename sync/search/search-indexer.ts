// Turns pending markers into search index entries, a batch per pass: read the markers and the rows
// behind them (a read-only transaction), work out in slices of a few milliseconds which documents are
// new or changed and which words they hold, then write one new segment of posting lists, the runs'
// slot records and the marker deletions in one short read-write transaction. A pass writes what its
// batch holds and nothing else, so it costs the same whatever the index already holds.
//
// Document numbers: each run owns blocks of BLOCK numbers (table `searchRuns`, one record per run:
// its blocks, the message id in each slot and a hash of each slot's text; slot 0 is the run's name and
// description). Numbers of one run sit together, so posting lists encode in a byte or two a number.
// A slot whose text changed after it was indexed is listed in `verify`: older segments may still hold
// its old words, so search checks such a document against its row.
import type { Message, Run } from '../model';
import { timeSlicer } from '../yield';
import { KEYS_PER_READ, readSlices, ROWS_PER_PART, writeSlices } from '../store/write-in-parts';
import { parseMarker } from './search-index';
import { encodePostings, hashText } from './search-postings';
import { dropInterruptedMerge, mergeSome } from './search-merge';
import { packSegment, readState, writeSegment } from './search-segments';
import { BLOCK, docNumber, runText, type PendingDoc, type SearchIndexTables, type SearchRunRecord, type SearchState, type WordBlock } from './search-tables';
import { tokenize } from './search-tokens';
import { readWholeRuns } from './whole-runs';
import { cardRunOf, fillCards, sameCard, validCard } from './run-cards';

export type { SearchRunRecord } from './search-tables';

/** Markers read per pass; documents indexed per pass (a whole run counts its messages). */
const MAX_MARKERS = 2_000;
const MAX_DOCS = 10_000;
/**
 * Merge work per pass: MERGE_RATIO times the bytes of lists the pass wrote, at least MERGE_MIN_BYTES. The
 * merge policy rewrites a document about twice (into segments of 40,000, then 160,000 documents), so
 * merges keep up with indexing; a small merge finishes within the pass that calls for it. A call that
 * finds nothing to index merges MERGE_MIN_BYTES, so a merge left in progress ends without new writes.
 */
const MERGE_RATIO = 3;
const MERGE_MIN_BYTES = 1024 * 1024;
/**
 * Merge work of a pass that found nothing to index (an idle pass, run while merging is left): a merge
 * left in progress keeps its sources live, and every query reads each live segment. Each step is a short
 * transaction of its own, so a bigger budget only delays a pass asked for meanwhile (~1 s at most).
 */
const IDLE_MERGE_BYTES = 6 * 1024 * 1024;
/** Runs read per request while a batch fills up. */
const RUN_READ = 250;

interface RunWork {
  runId: string;
  whole: boolean;
  runDoc: boolean;
  messageIds: Set<string>;
}

interface Batch {
  markers: PendingDoc[];
  work: RunWork[];
  runs: Map<string, Run>;
  /** Messages read for the batch, by run. */
  messages: Map<string, Message[]>;
  records: Map<string, SearchRunRecord>;
  state: SearchState;
  /** Key of the last marker read (the next pass starts after it); null when the table was read to its end. */
  last: string | null;
}

async function readBatch(db: SearchIndexTables, after: string | null): Promise<Batch | null> {
  return db.transaction('r', [db.searchPending, db.runs, db.messages, db.searchRuns, db.searchState], async () => {
    const all = await (after === null ? db.searchPending.limit(MAX_MARKERS) : db.searchPending.where('id').above(after).limit(MAX_MARKERS)).toArray();
    if (all.length === 0) return null;
    const byRun = new Map<string, RunWork>();
    for (const marker of all) {
      const parsed = parseMarker(marker.id);
      const work = byRun.get(parsed.runId) ?? { runId: parsed.runId, whole: false, runDoc: false, messageIds: new Set<string>() };
      byRun.set(parsed.runId, work);
      if (parsed.kind === 'whole') work.whole = true;
      else if (parsed.kind === 'run') work.runDoc = true;
      else work.messageIds.add(parsed.messageId);
    }
    // Runs are read a part at a time until the batch holds enough documents (markers are in run order,
    // so a run is never split): most passes read a fraction of the runs their markers name.
    const candidates = [...byRun.values()];
    const work: RunWork[] = [];
    const runs = new Map<string, Run>();
    let docs = 0;
    let cut = false;
    for (let i = 0; i < candidates.length && !cut; i += RUN_READ) {
      const part = candidates.slice(i, i + RUN_READ);
      const rows = await db.runs.bulkGet(part.map((w) => w.runId));
      for (const [j, w] of part.entries()) {
        const row = rows[j];
        const size = w.whole ? 1 + (row?.message_count ?? 50) : (w.runDoc ? 1 : 0) + w.messageIds.size;
        if (work.length > 0 && docs + size > MAX_DOCS) {
          cut = true;
          break;
        }
        docs += size;
        work.push(w);
        if (row) runs.set(row.id, row);
      }
    }
    const kept = new Set(work.map((w) => w.runId));
    const markers = all.filter((m) => kept.has(parseMarker(m.id).runId));
    const complete = work.length === byRun.size && all.length < MAX_MARKERS;
    const messages = new Map<string, Message[]>();
    const single = work.filter((w) => !w.whole).flatMap((w) => [...w.messageIds]);
    const [wholes, singles, records, state] = await Promise.all([
      readWholeRuns(db, work.filter((w) => w.whole), runs),
      single.length ? db.messages.bulkGet(single) : Promise.resolve([]),
      readSlices(work.map((w) => w.runId), KEYS_PER_READ, (ids) => db.searchRuns.bulkGet(ids)),
      readState(db),
    ]);
    for (const m of wholes) messages.set(m.runId, [...(messages.get(m.runId) ?? []), m]);
    for (const m of singles) if (m) messages.set(m.runId, [...(messages.get(m.runId) ?? []), m]);
    return {
      markers,
      work,
      runs,
      messages,
      records: new Map(records.flatMap((r) => (r ? [[r.runId, r] as const] : []))),
      state,
      last: complete ? null : markers[markers.length - 1]!.id,
    };
  });
}

interface Planned {
  /** The new segment's blocks (none when no document has words). */
  blocks: WordBlock[];
  docs: number;
  put: SearchRunRecord[];
  remove: string[];
  /** Markers to keep (a message still streaming: indexed once it is complete). */
  keep: Set<string>;
  nextBlock: number;
}

/** What a batch changes in the index; CPU work, sliced so no task runs long. */
async function plan(batch: Batch): Promise<Planned> {
  const words = new Map<string, number[]>();
  const slice = timeSlicer();
  let nextBlock = batch.state.nextBlock;
  let docs = 0;
  const put: SearchRunRecord[] = [];
  const remove: string[] = [];
  const keep = new Set<string>();
  const add = (record: SearchRunRecord, slot: number, text: string) => {
    while (record.r.length * BLOCK <= slot) record.r.push(nextBlock++);
    const n = docNumber(record, slot)!;
    for (const w of tokenize(text)) {
      const list = words.get(w);
      if (list) list.push(n);
      else words.set(w, [n]);
    }
    docs += 1;
  };
  for (const work of batch.work) {
    const old = batch.records.get(work.runId);
    const record: SearchRunRecord = old
      ? { ...old, r: [...old.r], ids: [...old.ids], h: [...old.h], verify: [...(old.verify ?? [])] }
      : { runId: work.runId, r: [], ids: [''], h: [0], verify: [], u: 0 };
    let changed = !old;
    const setSlot = (slot: number, hash: number, text: string | null) => {
      if (record.h[slot] === hash) return;
      // Indexed before: older segments keep its old words (and a removed slot's, should it come back).
      if (record.h[slot] && !record.verify!.includes(slot)) record.verify!.push(slot);
      record.h[slot] = hash;
      changed = true;
      if (text !== null) add(record, slot, text);
    };
    const run = batch.runs.get(work.runId);
    if (work.whole || work.runDoc) {
      if (run) setSlot(0, hashText(runText(run)), runText(run));
      else setSlot(0, 0, null);
    }
    const slots = new Map(record.ids.map((id, slot) => [id, slot] as const));
    const rows = new Map((batch.messages.get(work.runId) ?? []).map((m) => [m.id, m] as const));
    const ids = work.whole ? new Set([...record.ids.slice(1), ...rows.keys()]) : work.messageIds;
    for (const id of ids) {
      const row = rows.get(id);
      let slot = slots.get(id);
      if (!row || row.runId !== work.runId) {
        if (slot !== undefined) setSlot(slot, 0, null);
        continue;
      }
      if (row.status === 'streaming') {
        keep.add(`${work.runId}\u0001${id}`);
        continue;
      }
      if (slot === undefined) {
        slot = record.ids.length;
        record.ids.push(id);
        record.h.push(0);
        slots.set(id, slot);
      }
      setSlot(slot, hashText(row.content), row.content);
      await slice.maybeYield();
    }
    // The card always comes from the row just read: one carried over might predate the row's last write.
    const card = run ? cardRunOf(run) : null;
    if (!sameCard(old ? validCard(old) : null, card)) changed = true;
    if (card) record.c = { u: 0, run: card };
    else delete record.c;
    if (!run && record.h.every((h) => h === 0)) {
      if (old) remove.push(work.runId);
    } else if (changed) {
      if (record.verify!.length === 0) delete record.verify;
      put.push(record);
    }
  }
  const postings = new Map<string, Uint8Array>();
  let i = 0;
  for (const [w, list] of words) {
    postings.set(w, encodePostings(list.sort((a, b) => a - b)));
    // Most lists take microseconds: the clock is read every few dozen.
    if ((++i & 31) === 0) await slice.maybeYield();
  }
  return { blocks: await packSegment(postings), docs, put, remove, keep, nextBlock };
}

class IndexConflict extends Error {}

async function write(db: SearchIndexTables, batch: Batch, planned: Planned): Promise<void> {
  await db.transaction('rw', [db.searchPending, db.searchPostings, db.searchRuns, db.searchState], async () => {
    // Another writer (a second tab) since the batch was read: leave it all to the next pass.
    const state = await readState(db);
    if (state.nextBlock !== batch.state.nextBlock || state.nextSegment !== batch.state.nextSegment) throw new IndexConflict();
    const ids = batch.work.map((w) => w.runId);
    // The batch's markers, a range of keys, read back and usually deleted as one range: not a request a marker.
    const range = () => db.searchPending.where('id').between(batch.markers[0]!.id, batch.markers[batch.markers.length - 1]!.id, true, true);
    const [records, markers] = await Promise.all([readSlices(ids, KEYS_PER_READ, (part) => db.searchRuns.bulkGet(part)), range().toArray()]);
    records.forEach((r, i) => {
      if ((r?.u ?? -1) !== (batch.records.get(ids[i]!)?.u ?? -1)) throw new IndexConflict();
    });
    // A marker rewritten (or written) since the batch was read stands for a later write: it stays for the next pass.
    const now = new Map(markers.map((m) => [m.id, m.v] as const));
    const done = batch.markers.filter((m) => now.has(m.id) && now.get(m.id) === m.v && !planned.keep.has(m.id)).map((m) => m.id);
    if (planned.blocks.length) await writeSegment(db, state, planned.blocks, planned.docs);
    state.nextBlock = planned.nextBlock;
    // Else in parts (a batch takes up to 2,000 markers), so no task issues thousands of requests.
    if (done.length === markers.length) await range().delete();
    else await writeSlices(done, ROWS_PER_PART * 5, (ids) => db.searchPending.bulkDelete(ids));
    const stamped = planned.put.map((r) => ({ ...r, u: r.u + 1, ...(r.c ? { c: { ...r.c, u: r.u + 1 } } : {}) }));
    await writeSlices(stamped, ROWS_PER_PART, (rows) => db.searchRuns.bulkPut(rows));
    state.records = (state.records ?? 0) + 1;
    await Promise.all([db.searchRuns.bulkDelete(planned.remove), db.searchState.put(state)]);
  });
}

export interface IndexProgress {
  /** Documents indexed in this call. */
  docs: number;
  /** Markers taken off the queue. */
  markers: number;
  /** Merging, or giving old records their cards, is left for a later pass (the database runs one when the page is idle). */
  mergeLeft: boolean;
}

/**
 * Indexes pending documents until the queue is empty (markers of messages still streaming stay), merging
 * segments as they pile up (`mergeLeft`: the caller calls again, when idle, to finish). One call at a time
 * per database (the caller serialises; tabs share a lock).
 */
export async function indexPending(db: SearchIndexTables, options: { merge?: boolean } = {}): Promise<IndexProgress> {
  const progress: IndexProgress = { docs: 0, markers: 0, mergeLeft: false };
  await dropInterruptedMerge(db);
  let after: string | null = null;
  for (let conflicts = 0; ; ) {
    const batch = await readBatch(db, after);
    if (!batch) {
      // Idle: merging first, then cards for records written before they were kept.
      if (after === null && options.merge !== false) progress.mergeLeft = (await mergeSome(db, IDLE_MERGE_BYTES)) || (await fillCards(db));
      break;
    }
    const planned = await plan(batch);
    try {
      await write(db, batch, planned);
    } catch (error) {
      if (!(error instanceof IndexConflict) || ++conflicts > 3) throw error;
      continue;
    }
    progress.docs += planned.docs;
    progress.markers += batch.markers.length - planned.keep.size;
    // Merging in proportion to what the pass wrote: a pass costs about the same however big the merge in
    // progress (four segments of 40,000 documents are ~12 MB, two seconds of merging in one pass).
    const bytes = planned.blocks.reduce((n, b) => n + b.b.length, 0);
    if (options.merge !== false) progress.mergeLeft = await mergeSome(db, Math.max(MERGE_MIN_BYTES, MERGE_RATIO * bytes));
    if (batch.last === null) break;
    after = batch.last;
  }
  return progress;
}
