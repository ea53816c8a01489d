// Queries behind the runs library: one view (active, starred, archived, trash) filtered by prompt, model
// and search, sorted, and cut to the first `limit` rows (the list grows by chunks as it scrolls).
import type { PromptRunsDB } from '../db';
import type { Run, RunStatus } from '../model';
import { parseRecords, parseMessageRecord, parseRunRecord } from '../parse-records';
import { searchRunsDetailed, snippetFor } from '../search/search';
export { warmSearch as warmRunSearch } from '../search/search';
import { promptsWithRuns } from './run-indexes';
import { PIN_INDEX } from './pin-index';
import { sharedRunRows } from './shared-runs';
import { sharedIdsOf } from './own-prompt-runs';
import { compare, fillVisibleCounts, hitRows, readShown, sortable, type RunSort } from './run-order';

export type RunView = 'active' | 'starred' | 'archived' | 'trash';
export type { RunSort } from './run-order';

export interface RunQuery {
  view: RunView;
  sort: RunSort;
  limit: number;
  promptId?: string | null;
  /** 'provider:model_id' as stored in a run's settings. */
  model?: string | null;
  search?: string;
  /**
   * Grouped by prompt (a choice on the all-runs page): each prompt's runs together, in the sort's order;
   * the groups in the order of their first run (by prompt name when sorting by name).
   */
  byPrompt?: boolean;
  /** Only these runs (read alone: O(tagged runs), not O(runs)) / never these: tags and folders (organize-filter.ts). */
  only?: ReadonlySet<string> | null;
  except?: ReadonlySet<string> | null;
}

export interface RunMatch {
  messageId: string | null;
  snippet: string;
}

export interface RunListEntry {
  run: Run;
  match?: RunMatch;
}

export interface RunPage {
  entries: RunListEntry[];
  /** More runs match beyond `entries` (the list loads them as it scrolls). */
  hasMore: boolean;
  /** How many runs match in all, when the query had to look at them all anyway (search, name sort…). */
  total: number | null;
  /** The search matched so much that it stopped early: not every match is listed. */
  partial?: boolean;
  /** Runs just synced or imported are still being indexed: matches among them may be missing for now. */
  catchingUp?: boolean;
}

export const modelOf = (run: Pick<Run, 'settings'>) => `${run.settings.provider}:${run.settings.model_id}`;

const STATUS: Record<RunView, RunStatus> = { active: 'active', starred: 'active', archived: 'archived', trash: 'deleted' };

/**
 * Newest or oldest first, no search: walk a date index (the prompt's, or the status's) and stop after
 * `limit` matches, so the first chunk of 10,000 runs costs about as much as the first chunk of 20.
 * Given `after` (the previous answer to the same query, with fewer rows), only the rows past its last
 * one are read (keyset pagination), so loading chunk 500 costs what chunk 1 did.
 */
async function fromDateIndex(db: PromptRunsDB, query: RunQuery, keep: (r: Run) => boolean, after?: RunPage, pinnedToSkip = false): Promise<RunPage> {
  const status = STATUS[query.view];
  const recent = query.sort === 'recent';
  const lastRun = after?.entries[after.entries.length - 1]?.run;
  const prefix = query.promptId ? [query.promptId, status] : [status];
  const index = query.promptId ? '[prompt_id+status+last_message_at]' : '[status+last_message_at]';
  // Inclusive of the last loaded date: runs sharing it (ties) are read again and dropped by id below.
  const lower = !recent && lastRun ? lastRun.last_message_at : '';
  const upper = recent && lastRun ? lastRun.last_message_at : '\uffff';
  const range = db.runs.where(index).between([...prefix, lower], [...prefix, upper], true, true);
  const ordered = recent ? range.reverse() : range;
  const loaded = after?.entries ?? [];
  const ties = lastRun ? loaded.filter((e) => e.run.last_message_at === lastRun.last_message_at).length : 0;
  const wanted = query.limit - loaded.length;
  // With no filter left over, Dexie reads the chunk with one getAll instead of a cursor.
  const plain = !pinnedToSkip && !query.model && !query.except && query.view !== 'starred' && query.view !== 'trash';
  const rows = await (plain ? ordered : ordered.filter(keep)).limit(wanted + ties + 1).toArray();
  let fresh = rows;
  if (lastRun) {
    const seen = new Set(loaded.slice(loaded.length - ties).map((e) => e.run.id));
    fresh = rows.filter((r) => !seen.has(r.id));
    // A live query only watches what it reads; the rows loaded before were not read this time, so
    // watch the whole table (one row read): any change to a run re-runs the query in full.
    await db.runs.toCollection().limit(1).toArray();
  }
  const { valid } = parseRecords(fresh, parseRunRecord);
  const entries = [...loaded, ...valid.slice(0, wanted).map((run) => ({ run }))];
  return { entries, hasMore: fresh.length > wanted, total: null };
}

/**
 * Grouped by prompt (by name, runs of prompts not on this device last), each group newest or oldest
 * first: each prompt's date index in turn until the page is full, instead of sorting every run.
 */
async function fromPromptIndexes(db: PromptRunsDB, query: RunQuery, keep: (r: Run) => boolean, pinnedToSkip: boolean): Promise<RunPage> {
  const withRuns = await promptsWithRuns(db);
  // Groups in the order of their first run (the newest, or the oldest): the sort orders the groups too.
  const firsts = await Promise.all(
    withRuns.map(async (promptId) => ({ promptId, first: (await fromDateIndex(db, { ...query, promptId, limit: 1 }, keep, undefined, pinnedToSkip)).entries[0]?.run })),
  );
  const recent = query.sort === 'recent';
  const order = firsts
    .filter((g): g is { promptId: string; first: Run } => g.first !== undefined)
    .sort((a, b) => (recent ? -1 : 1) * a.first.last_message_at.localeCompare(b.first.last_message_at) || a.promptId.localeCompare(b.promptId))
    .map((g) => g.promptId);
  const entries: RunListEntry[] = [];
  for (const promptId of order) {
    const group = await fromDateIndex(db, { ...query, promptId, limit: query.limit - entries.length }, keep, undefined, pinnedToSkip);
    entries.push(...group.entries);
    // Full: there may be more, in this group or the next (asking once more costs one short query).
    if (entries.length >= query.limit) return { entries, hasMore: true, total: null };
  }
  return { entries, hasMore: false, total: null };
}

/**
 * The view's pinned runs that pass its filters (and the search, given its hits), in the list's order: they
 * head the list whatever the sort. Read off the pin index, so this costs what the pinned runs cost.
 */
async function pinnedRuns(db: PromptRunsDB, query: RunQuery, keep: (r: Run) => boolean, hits: Map<string, unknown> | null): Promise<Run[]> {
  const rows = (await db.runs.where(PIN_INDEX).equals(1).toArray()).filter(sortable);
  const { valid } = parseRecords(
    rows.filter((r) => r.is_pinned === true && keep(r) && (!hits || hits.has(r.id))),
    parseRunRecord,
  );
  return valid.sort(compare(query.sort));
}

async function candidates(db: PromptRunsDB, query: RunQuery, status: RunStatus): Promise<Run[]> {
  const rows = query.promptId
    ? await db.runs.where('[prompt_id+status+last_message_at]').between([query.promptId, status, ''], [query.promptId, status, '\uffff']).toArray()
    : await db.runs.where('[status+last_message_at]').between([status, ''], [status, '\uffff']).toArray();
  return rows.filter(sortable);
}

type MessageTexts = Map<string, string>;

async function readTexts(db: PromptRunsDB, ids: string[]): Promise<MessageTexts> {
  return new Map((await db.messages.bulkGet(ids)).flatMap((m) => (m ? [[m.id, m.content] as const] : [])));
}

/** Fill in each shown entry's snippet; `prefetched` holds message texts read ahead, if any. */
async function snippets(db: PromptRunsDB, entries: RunListEntry[], search: string, prefetched?: Promise<MessageTexts>): Promise<void> {
  const ids = entries.flatMap((e) => (e.match?.messageId ? [e.match.messageId] : []));
  const messages = prefetched ? await prefetched : await readTexts(db, ids);
  for (const entry of entries) {
    if (!entry.match) continue;
    const text = entry.match.messageId ? messages.get(entry.match.messageId) : entry.run.description || entry.run.name;
    entry.match.snippet = snippetFor(text ?? '', search);
  }
}

/**
 * One page of the list. `after`, the previous answer to the same query with fewer rows, lets a longer
 * page of a date-ordered list read only the rows past it; other queries ignore it.
 */
export async function queryRuns(db: PromptRunsDB, asked: RunQuery, after?: RunPage): Promise<RunPage> {
  // One prompt's runs leave out runs shared with me with its id (own-prompt-runs.ts); with none, the query keeps
  // its fast path. The Dexie promise is awaited here, not in a helper, so a live query watches the reads after it.
  const shared = asked.promptId ? sharedIdsOf(asked.promptId, await sharedRunRows(db)) : [];
  const query = shared.length === 0 ? asked : { ...asked, except: new Set([...(asked.except ?? []), ...shared]) };
  const status = STATUS[query.view];
  const search = query.search?.trim() ?? '';
  const purged = query.view === 'trash' ? new Set((await db.purged.toCollection().primaryKeys()) as string[]) : null;
  const keep = (r: Run) =>
    r.status === status &&
    (query.view !== 'starred' || r.is_starred) &&
    (!query.promptId || r.prompt_id === query.promptId) &&
    (!query.model || modelOf(r) === query.model) &&
    !purged?.has(r.id) && (!query.only || query.only.has(r.id)) && !query.except?.has(r.id) &&
    // A shared run its owner trashed: nothing the person can do with it (restore, delete forever) is theirs.
    (query.view !== 'trash' || !r.shared);
  const unpinned = (r: Run) => keep(r) && r.is_pinned !== true;
  if (!search && !query.only && (query.sort === 'recent' || query.sort === 'oldest')) {
    const pinned = await pinnedRuns(db, query, keep, null);
    if (query.byPrompt && !query.promptId) {
      const page = await fromPromptIndexes(db, query, unpinned, pinned.length > 0);
      await fillVisibleCounts(db, [...pinned, ...page.entries.map((e) => e.run)]);
      return { ...page, entries: [...pinned.map((run) => ({ run })), ...page.entries] };
    }
    // A longer page continues from the previous one only while no pinned run heads either.
    const grows = pinned.length === 0 && after && after.entries.length > 0 && after.entries.length < query.limit && !after.entries.some((e) => e.run.is_pinned);
    const page = await fromDateIndex(db, query, unpinned, grows ? after : undefined, pinned.length > 0);
    await fillVisibleCounts(db, [...pinned, ...page.entries.map((e) => e.run)]);
    return { ...page, entries: [...pinned.map((run) => ({ run })), ...page.entries] };
  }

  const found = search ? await searchRunsDetailed(db, search) : null;
  const hits = found ? new Map(found.hits.map((h) => [h.runId, h])) : null;
  // Filter and sort the rows as read, then fully check only the page shown: checking every one of
  // 10,000 runs (or 400 search hits) on each keystroke costs more than the rest of the query.
  // When every hit fits on the page (the usual case once a word is typed out), the matched messages are
  // read beside the runs instead of after them: one round trip less per keystroke.
  const prefetched =
    hits && hits.size <= query.limit
      ? readTexts(db, [...hits.values()].flatMap((h) => (h.messageId ? [h.messageId] : [])))
      : undefined;
  void prefetched?.catch(() => undefined); // a failure surfaces where it is awaited
  const pinned = await pinnedRuns(db, query, keep, hits);
  const limit = query.limit + pinned.length;
  const entryOf = (run: Run): RunListEntry => {
    const hit = hits?.get(run.id);
    return hit ? { run, match: { messageId: hit.messageId, snippet: '' } } : { run };
  };
  // The list's rows, sorted, then the page cut from them. Search hits are sorted by their cards where
  // they have one; null when a row shown no longer matches its card (the rows are then read instead).
  const cut = async (useCards: boolean) => {
    let runs = found
      ? await hitRows(db, found.hits, found.cards, useCards)
      : query.only ? (await db.runs.bulkGet([...query.only])).filter(sortable) : await candidates(db, query, status);
    runs = runs.filter(unpinned);
    // Sorting by size needs every row's visible count (rows from before it was kept get it here).
    if (query.sort === 'messages') await fillVisibleCounts(db, runs);
    runs.sort(compare(query.sort));
    if (query.byPrompt) {
      // Grouped: by name, the groups go by prompt name; otherwise in the order of their first run.
      const names = new Map((await db.prompts.toArray()).map((p) => [p.id, p.name]));
      const rank = new Map<string, number>();
      for (const r of runs) if (!rank.has(r.prompt_id)) rank.set(r.prompt_id, rank.size);
      const nameOf = (r: Run) => names.get(r.prompt_id) ?? '\uffff';
      const byGroup = query.sort === 'name'
        ? (a: Run, b: Run) => nameOf(a).localeCompare(nameOf(b)) || a.prompt_id.localeCompare(b.prompt_id)
        : (a: Run, b: Run) => rank.get(a.prompt_id)! - rank.get(b.prompt_id)!;
      runs.sort(byGroup); // stable: each group keeps the sort's order
    }
    const entries: RunListEntry[] = pinned.map(entryOf);
    let corrupt = 0;
    for (let i = 0; i < runs.length && entries.length < limit; ) {
      const part = runs.slice(i, i + limit - entries.length);
      const rows = await readShown(db, part);
      if (!rows) return null;
      const { valid, corrupt: bad } = parseRecords(rows, parseRunRecord);
      entries.push(...valid.map(entryOf));
      corrupt += bad;
      i += part.length;
    }
    return { entries, total: runs.length - corrupt + pinned.length };
  };
  const { entries, total } = (await cut(!!found && query.sort !== 'messages')) ?? (await cut(false))!;
  if (search) await snippets(db, entries, search, prefetched);
  await fillVisibleCounts(db, entries.map((e) => e.run));
  return { entries, hasMore: total > entries.length, total, ...(found?.partial ? { partial: true } : {}), ...(found?.catchingUp ? { catchingUp: true } : {}) };
}

export { listRunModels, type RunModel } from './run-models';

/** A run, its messages and its prompt, read only (safe inside a live query, unlike getRun which repairs). */
export async function readRunDetails(db: PromptRunsDB, runId: string) {
  const raw = await db.runs.get(runId);
  const run = raw ? parseRunRecord(raw) : null;
  if (!run?.ok) return null;
  await fillVisibleCounts(db, [run.value]);
  const rows = await db.messages.where('[runId+createdAt]').between([runId, ''], [runId, '\uffff']).toArray();
  const prompt = await db.prompts.get(run.value.prompt_id);
  return { run: run.value, messages: parseRecords(rows, parseMessageRecord).valid, prompt: prompt ?? null };
}
