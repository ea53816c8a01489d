// Offline full-text search over run names and message text: every word of the query must prefix-match
// a word of one document (a run's name and description, or one message). Answered from the segmented
// index (search-segments.ts), overlaid with the documents still pending indexing, read from their rows.
import type { Message, Run } from '../model';
import { parseMarker } from './search-index';
import { readState, readTerm, warmSegments } from './search-segments';
import { recordsOf } from './search-records';
import { BLOCK, runText, type SearchIndexTables, type SearchRunRecord } from './search-tables';
import { matchesAll, tokenize } from './search-tokens';
import { matchRecent } from './recent-runs';
import { validCard, type CardRun } from './run-cards';

export interface SearchHit {
  runId: string;
  /** The first matching message, or null when the run's name (or description) matched. */
  messageId: string | null;
}

/**
 * Runs a search resolves at most. A short prefix ("ru") can match most of a large library; each run kept
 * costs a read of its record and of its row on the keystroke, so the search stops near a few screens of
 * results and says so (the user keeps typing). Counted in runs, not documents: a word in 150 runs of a
 * few messages each is answered whole, where a cap of 200 documents said "many match" and showed some.
 */
export const MAX_RUNS = 200;
/**
 * Runs kept when a word's matches were too many to read them all (a prefix of a letter or two): the answer
 * is only "some of them" then, and reading 200 runs for it made such keystrokes a fifth to a third slower
 * (22% and 33% in two runs at 10,000 runs) than the 30 or so that a cap of 200 documents kept.
 */
export const SOME_RUNS = 50;
/**
 * Documents read per word from the index before the search stops early (a very common prefix); numbers
 * decoded while a common word is checked against a rarer word's documents only.
 */
export const SEARCH_LIMITS = { term: 20_000, checked: 400_000 };
/**
 * The same for a query of one word, where nothing is intersected: enough to fill the answer several
 * times over (some numbers may be documents deleted since), not the tens of thousands of numbers a
 * short prefix matches in a large library, every one read and decoded on the keystroke.
 */
const SINGLE_TERM_CAP = 10 * MAX_RUNS;
/** Pending documents (saved, not yet indexed) a search reads from their rows; beyond, it says it is catching up. */
const MAX_PENDING = 500;


interface Doc {
  runId: string;
  messageId: string | null;
}

const key = (d: Doc) => `${d.runId}\u0001${d.messageId ?? ''}`;

/** Pending markers read inside the index transaction: which documents and whole runs they cover. */
async function readPending(db: SearchIndexTables) {
  const markers = await db.searchPending.limit(MAX_PENDING + 1).primaryKeys();
  const docs: Doc[] = [];
  const wholeRuns = new Set<string>();
  for (const id of markers.slice(0, MAX_PENDING) as string[]) {
    const m = parseMarker(id);
    if (m.kind === 'whole') wholeRuns.add(m.runId);
    else docs.push({ runId: m.runId, messageId: m.kind === 'message' ? m.messageId : null });
  }
  return { docs, wholeRuns, partial: markers.length > MAX_PENDING };
}

/**
 * Which pending documents match, read from their rows now (whole runs: their messages, MAX_PENDING in all:
 * runs whose messages would pass it are not read). `catchingUp`: some pending documents were not checked.
 */
async function matchPending(db: SearchIndexTables, terms: readonly string[], pending: Awaited<ReturnType<typeof readPending>>) {
  const whole = [...pending.wholeRuns];
  const runIds = [...new Set([...whole, ...pending.docs.filter((d) => d.messageId === null).map((d) => d.runId)])];
  const messageIds = pending.docs.flatMap((d) => (d.messageId ? [d.messageId] : []));
  const [runs, messages] = await Promise.all([db.runs.bulkGet(runIds), db.messages.bulkGet(messageIds)]);
  let catchingUp = pending.partial;
  // Whole runs (a first sync's, an import's) in order while their messages fit the budget.
  const counts = new Map(runs.flatMap((r) => (r ? [[r.id, r.message_count] as const] : [])));
  const read: string[] = [];
  let budget = MAX_PENDING;
  for (const runId of whole) {
    const count = counts.get(runId) ?? 0;
    if (read.length > 0 && count > budget) {
      catchingUp = true;
      break;
    }
    read.push(runId);
    budget -= count;
  }
  const wholeMessages = await Promise.all(read.map((runId) => db.messages.where('[runId+createdAt]').between([runId, ''], [runId, '\uffff']).limit(MAX_PENDING).toArray()));
  const matched: Doc[] = [];
  for (const run of runs) if (run && matchesAll(terms, tokenize(runText(run)))) matched.push({ runId: run.id, messageId: null });
  const check = (m: Message | undefined, runId: string) => {
    if (m && m.runId === runId && matchesAll(terms, tokenize(m.content))) matched.push({ runId, messageId: m.id });
  };
  pending.docs.forEach((d) => d.messageId && check(messages[messageIds.indexOf(d.messageId)], d.runId));
  read.forEach((runId, i) => {
    const list = wholeMessages[i]!;
    if (list.length === MAX_PENDING) catchingUp = true;
    for (const m of list) check(m, runId);
  });
  return { matched, catchingUp };
}

/** Documents behind index numbers, from the runs' slot records; `verify` lists those to check against their rows. */
function resolve(numbers: readonly number[], records: readonly SearchRunRecord[]) {
  const byBlock = new Map<number, { record: SearchRunRecord; base: number }>();
  for (const record of records) record.r.forEach((block, i) => byBlock.set(block, { record, base: i * BLOCK }));
  const docs: Doc[] = [];
  const verify: Doc[] = [];
  for (const n of numbers) {
    const found = byBlock.get(Math.floor(n / BLOCK));
    if (!found) continue; // a run no longer indexed
    const slot = found.base + (n % BLOCK);
    if (!found.record.h[slot]) continue; // removed
    const doc = { runId: found.record.runId, messageId: slot === 0 ? null : found.record.ids[slot]! };
    (found.record.verify?.includes(slot) ? verify : docs).push(doc);
  }
  return { docs, verify };
}

async function verifyDocs(db: SearchIndexTables, terms: readonly string[], docs: readonly Doc[]): Promise<Doc[]> {
  if (docs.length === 0) return [];
  const runIds = docs.filter((d) => d.messageId === null).map((d) => d.runId);
  const messageIds = docs.flatMap((d) => (d.messageId ? [d.messageId] : []));
  const [runs, messages] = await Promise.all([db.runs.bulkGet(runIds), db.messages.bulkGet(messageIds)]);
  const ok = new Set<string>();
  for (const r of runs) if (r && matchesAll(terms, tokenize(runText(r as Run)))) ok.add(key({ runId: r.id, messageId: null }));
  for (const m of messages) if (m && matchesAll(terms, tokenize(m.content))) ok.add(key({ runId: m.runId, messageId: m.id }));
  return docs.filter((d) => ok.has(key(d)));
}

export interface SearchResult {
  hits: SearchHit[];
  /** Some matches were left out (a very common word or prefix): refine the query to see them all. */
  partial: boolean;
  /** More runs and messages wait to be indexed (a first sync, an import) than a search reads from their rows: matches among them may be missing until the indexer catches up. */
  catchingUp: boolean;
  /** The hits' runs whose fields their index records hold, and hold current (run-cards.ts), by run id. */
  cards?: ReadonlyMap<string, CardRun>;
}

/** Runs whose name or one of whose messages holds every word of the query, in no set order. */
export async function searchRunsDetailed(db: SearchIndexTables, query: string, limits = SEARCH_LIMITS): Promise<SearchResult> {
  // Longest words first: they match the fewest documents, so the intersection stays small.
  const terms = tokenize(query).sort((a, b) => b.length - a.length);
  if (terms.length === 0) return { hits: [], partial: false, catchingUp: false };
  // One read-only transaction over the index tables: a merge swapping segments cannot be seen half done.
  const found = await db.transaction('r', [db.searchState, db.searchPostings, db.searchRuns, db.searchPending], async () => {
    const state = await readState(db);
    const [pending, ...read] = await Promise.all([readPending(db), ...terms.map((t) => readTerm(db, state.segments, t, terms.length === 1 ? SINGLE_TERM_CAP : limits.term))]);
    // A common word stopped at its cap beside a word whose documents are all known: the common one is
    // read again checking only those (decoding up to `checked` numbers), so "co zircon" stays exact.
    const known = read.filter((t) => !t.capped).sort((a, b) => a.docs.size - b.docs.size)[0];
    const perTerm = known?.docs.size === 0
      ? [known] // nothing holds that word: the answer is exactly nothing
      : known
      ? await Promise.all(read.map((t, i) => (t.capped ? readTerm(db, state.segments, terms[i]!, limits.checked, known.docs) : t)))
      : read;
    let partial = perTerm.some((t) => t.capped);
    const [first, ...rest] = [...perTerm].sort((a, b) => a.docs.size - b.docs.size);
    const numbers: number[] = [];
    for (const n of first!.docs) if (rest.every((t) => t.docs.has(n))) numbers.push(n);
    // Past the cap, the documents indexed last are kept: a run saved today, after a first sync or an import
    // of thousands, is what a person most likely looks for (numbers are given in the order of indexing).
    numbers.sort((a, b) => b - a);
    // Every match of the first `cap` blocks: a block is one run's (a long run's counts once a block).
    const cap = partial ? SOME_RUNS : MAX_RUNS;
    const kept: number[] = [];
    const blocks = new Set<number>();
    for (const n of numbers) {
      const block = Math.floor(n / BLOCK);
      if (!blocks.has(block) && blocks.size === cap) {
        partial = true;
        break;
      }
      blocks.add(block);
      kept.push(n);
    }
    const records = await recordsOf(db, [...blocks], state);
    const cards = new Map(records.flatMap((r) => { const card = validCard(r); return card ? [[r.runId, card] as const] : []; }));
    return { ...resolve(kept, records), pending, partial, cap, cards };
  });
  // A pending document's index entry (if any) may be stale: what its row says now decides.
  const pendingKeys = new Set(found.pending.docs.map(key));
  const covered = (d: Doc) => pendingKeys.has(key(d)) || found.pending.wholeRuns.has(d.runId);
  // The latest runs are read from their rows too when the index's answer is capped, or when not every
  // pending document can be read (an import or a first sync of thousands of runs waits to be indexed): a
  // run saved today, still waiting behind them, is found all the same.
  const catching = found.pending.partial || found.pending.wholeRuns.size > 0;
  const [verified, pending, recent] = await Promise.all([
    verifyDocs(db, terms, found.verify.filter((d) => !covered(d))),
    matchPending(db, terms, found.pending),
    found.partial || catching ? matchRecent(db, terms) : [],
  ]);
  // The latest runs' matches, then documents not indexed yet (saved last): first, so the cap below never drops them.
  const all = [...recent, ...pending.matched, ...verified, ...found.docs.filter((d) => !covered(d))];
  let partial = found.partial;
  // The same cap as for the index alone, so what follows (reading the runs) stays bounded.
  const byRun = new Map<string, SearchHit>();
  for (const doc of all) {
    const seen = byRun.get(doc.runId);
    if (!seen && byRun.size === found.cap) {
      partial = true;
      continue;
    }
    // A name match wins (the run is what was asked for); otherwise keep one message to scroll to.
    if (!seen || (doc.messageId === null && seen.messageId !== null)) byRun.set(doc.runId, { runId: doc.runId, messageId: doc.messageId });
  }
  // A run with a marker was written since its record: its card may be out of date (with markers left
  // unread, any run may be one).
  const pendingRuns = new Set(found.pending.docs.map((d) => d.runId));
  const current = (runId: string) => !found.pending.partial && !found.pending.wholeRuns.has(runId) && !pendingRuns.has(runId);
  const cards = new Map([...byRun.keys()].flatMap((runId) => { const card = found.cards.get(runId); return card && current(runId) ? [[runId, card] as const] : []; }));
  return { hits: [...byRun.values()], partial, catchingUp: pending.catchingUp, cards };
}

/**
 * Reads ahead what a page's first search would read first, while nobody waits: each live segment's block
 * keys (see warmSegments), one request each. The runs' records a search reads next are not read ahead:
 * a word's newest hits spread over far more runs than could be read in advance.
 */
export async function warmSearch(db: SearchIndexTables): Promise<void> {
  await db.transaction('r', [db.searchState, db.searchPostings], async () => warmSegments(db, (await readState(db)).segments));
}

export async function searchRuns(db: SearchIndexTables, query: string): Promise<SearchHit[]> {
  return (await searchRunsDetailed(db, query)).hits;
}

const SNIPPET_BEFORE = 40;
const SNIPPET_LENGTH = 140;

/** A short excerpt of `text` around the first word that matches the query, with ellipses where cut. */
export function snippetFor(text: string, query: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const terms = tokenize(query);
  const folded = flat.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  // Folding drops combining marks, so positions can drift on accented text; the excerpt stays close.
  const hits = terms.map((t) => folded.search(new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(t)}`, 'u'))).filter((i) => i >= 0);
  const at = hits.length > 0 ? Math.min(...hits) : 0;
  const start = Math.max(0, at - SNIPPET_BEFORE);
  const end = Math.min(flat.length, start + SNIPPET_LENGTH);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end).trim()}${end < flat.length ? '…' : ''}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
