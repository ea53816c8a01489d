// The device database: prompts, runs (metadata), messages (one record each), outbox, meta and
// device-only settings. Every schema change adds a `version(n)`; never edit what an old one does.
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { Folder, PromptTag, PromptVersion, RunFolder, RunTag, RunVersion, Tag } from './organize-model';
import type { MetaRecord, Message, OutboxEntry, Prompt, Run } from './model';
import { indexExistingRows } from './search/legacy-word-index';
import { searchIndexMiddleware, wholeRunMarker } from './search/search-index';
import { indexPending, type IndexProgress } from './search/search-indexer';
import type { PendingDoc, SearchRunRecord, SearchState, WordBlock } from './search/search-tables';
import type { ShareLink } from './share/share-link';
import { pinIndexMiddleware, withPinMarker } from './store/pin-index';
import { queueOriginLinks } from './store/origin-backfill';
import { rebuildUsageTotals, usageTotalsMiddleware, type UsageTotalRow } from './usage/usage-totals';

/** Quiet time after the last write before pending search documents are indexed. */
const INDEX_DELAY_MS = 300;

export class PromptRunsDB extends Dexie {
  prompts!: EntityTable<Prompt, 'id'>;
  runs!: EntityTable<Run, 'id'>;
  messages!: EntityTable<Message, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'key'>;
  meta!: EntityTable<MetaRecord, 'key'>;
  /** Device-only settings (provider keys live here and are never synced). */
  settings!: EntityTable<{ key: string; value: unknown }, 'key'>;
  /** v3: runs deleted forever; their row stays as a blank 'deleted' tombstone so the deletion syncs. */
  purged!: EntityTable<{ id: string; purged_at: string }, 'id'>;
  /** v4: search documents written since the last indexing (see search-index.ts). */
  searchPending!: EntityTable<PendingDoc, 'id'>;
  /** v5: usage totals per day × prompt × model (kept by usageTotalsMiddleware). */
  usageTotals!: EntityTable<UsageTotalRow, 'id'>;
  /** v7: per run, the search index's document numbers and what each holds (see search-indexer.ts). */
  searchRuns!: EntityTable<SearchRunRecord, 'runId'>;
  /** v7: posting lists in blocks of words, key [segment, first word] (see search-segments.ts). */
  searchPostings!: Table<WordBlock, [number, string]>;
  /** v7: the index's live segments and counters. */
  searchState!: EntityTable<SearchState, 'key'>;
  /** v7: runs of a first sync waiting for their messages, newest first (see sync/snapshot). */
  /** A first sync's runs waiting for their messages, in the order they came, with how many messages each has (for sizing batches; absent in entries from before it was kept). */
  snapshotQueue!: EntityTable<{ runId: string; ord: number; messages?: number }, 'runId'>;
  /** v8: the owner's share links (sync/store/shares.ts), with the queue of links made offline. */
  shares!: EntityTable<ShareLink, 'id'>;
  /** v10: tags, folders, tag links, where runs are filed, edit versions (organize-model.ts). */
  tags!: EntityTable<Tag, 'id'>;
  folders!: EntityTable<Folder, 'id'>;
  runTags!: Table<RunTag, [string, string]>;
  promptTags!: Table<PromptTag, [string, string]>;
  runFolders!: EntityTable<RunFolder, 'run_id'>;
  promptVersions!: EntityTable<PromptVersion, 'id'>;
  runVersions!: EntityTable<RunVersion, 'id'>;
  private indexTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bulk writers holding the indexer off (holdIndexing), and whether indexing was asked for meanwhile. */
  private indexHolds = 0;
  private indexWanted = false;
  private indexing: Promise<IndexProgress> | null = null;

  constructor(name: string) {
    // Relaxed durability: a commit reaches the OS before the promise resolves (survives a tab or app crash)
    // without waiting for an fsync on every auto-save.
    super(name, { chromeTransactionDurability: 'relaxed' });
    // Only versions with an upgrade, and the latest, are declared: Dexie (3 and later) upgrades from the
    // schema a database really has, and each declared version costs every start (Dexie re-reads the schema
    // of every version declared before it: cold, 14 declarations took 13 ms and these 8 take 9 ms, bench
    // pages/db-open). A version without an upgrade folds into the next declared one; db-schema.test.ts
    // holds every database of an earlier version to the schema a new one gets.
    // v3 (runs library): search index and purged-run markers (existing rows are indexed once here), and
    // [prompt_id+status+last_message_at] so a prompt's active runs page straight off one index. With v1's
    // tables.
    this.version(3)
      .stores({
        prompts: 'id, status, updated_at',
        runs: 'id, prompt_id, status, last_message_at, updated_at, [prompt_id+last_message_at], [status+last_message_at], [prompt_id+status+last_message_at]',
        messages: 'id, runId, [runId+createdAt]',
        outbox: 'key, seq, table',
        meta: 'key',
        settings: 'key',
        searchIndex: 'id, *words',
        purged: 'id',
      })
      .upgrade(indexExistingRows);
    // v5: running usage totals per day × prompt × model for analytics, built from existing data once here.
    // With v4: index writes leave the save's transaction; rows written but not yet indexed are marked.
    this.version(5).stores({ searchPending: 'id', usageTotals: 'id, day' }).upgrade(rebuildUsageTotals);
    // v6: pinned runs carry a marker (pin-index.ts) indexed here, so a list finds them without a full scan.
    // Runs pulled pinned by an older version are marked once here.
    this.version(6)
      .stores({
        runs: 'id, prompt_id, status, last_message_at, updated_at, [prompt_id+last_message_at], [status+last_message_at], [prompt_id+status+last_message_at], pin',
      })
      .upgrade((tx) => tx.table('runs').filter((run: { is_pinned?: unknown }) => run.is_pinned === true).modify((run: Record<string, unknown>) => Object.assign(run, withPinMarker(run))));
    // v7: the multi-entry word index (one entry per word and document, each repeating a 73-character
    // id: ten times the size of the text, and slower to write the more it held) gives way to posting
    // lists in segments, every run marked for indexing into them; a first sync's queue of runs; and the
    // model filter's list read off an index instead of every run.
    this.version(7)
      .stores({
        searchIndex: null, searchRuns: 'runId, *r', searchPostings: '', searchState: 'key', snapshotQueue: 'runId, ord',
        runs: 'id, prompt_id, status, last_message_at, updated_at, [prompt_id+last_message_at], [status+last_message_at], [prompt_id+status+last_message_at], pin, [settings.provider+settings.model_id]',
      })
      .upgrade(markEveryRun);
    // v10: tags and tag links (runs and prompts), folders and where runs are filed, edit versions of prompts
    // and of runs' names. With v8 (share links and their offline queue) and v9 (totals by prompt, so the
    // rows waiting for their run, '?' + run id, are found without a scan). New tables and an index: nothing
    // to upgrade, but v11's upgrade reads organizeOutbox.
    this.version(10).stores({
      shares: 'id, runId, state',
      usageTotals: 'id, day, promptId',
      tags: 'id, status',
      folders: 'id, status, parent_id',
      runTags: '[run_id+tag_id], run_id, tag_id',
      promptTags: '[prompt_id+tag_id], prompt_id, tag_id',
      runFolders: 'run_id, folder_id',
      promptVersions: 'id, [prompt_id+created_at]',
      runVersions: 'id, [run_id+created_at]',
      organizeOutbox: 'key, seq, table',
    });
    // v11: the sync protocol carries those kinds now (protocol 3): their queue entries, held apart until
    // then, join the outbox (same keys, same seq counter), and the holding table goes.
    this.version(11)
      .stores({ organizeOutbox: null })
      .upgrade(async (tx) => {
        const held = (await tx.table('organizeOutbox').toArray()) as OutboxEntry[];
        await tx.table('outbox').bulkPut(held);
      });
    // v12: runs' prompt versions and templates' source runs sync now: rows made before go out once.
    this.version(12).upgrade((tx) => queueOriginLinks(tx));
    // v15: runs keep only the indexes a query reads: each put of a run wrote an entry in every one (a first
    // sync puts each run twice), and prompt_id, status, last_message_at, updated_at and
    // [prompt_id+last_message_at] were read nowhere the two status indexes could not serve. Runs others
    // shared with the person are indexed by their role ("Shared with me" without a scan; v13: a run of
    // their own has no `shared` and stays out of the index). Messages lose their index on runId alone
    // (v14): [runId+createdAt] finds a run's messages as well (sync/run-messages.ts), and each message
    // put wrote both (a first sync puts hundreds of thousands).
    this.version(15).stores({
      runs: 'id, [status+last_message_at], [prompt_id+status+last_message_at], pin, [settings.provider+settings.model_id], shared.role',
      messages: 'id, [runId+createdAt]',
    });
    this.use(searchIndexMiddleware(() => this.scheduleIndexing()));
    this.use(usageTotalsMiddleware());
    this.use(pinIndexMiddleware());
    // Rows a crash or a closed tab left unindexed are indexed at every start.
    this.on('ready', () => this.scheduleIndexing());
  }

  /**
   * Index the pending search documents soon, when writes have gone quiet for a moment and the page is
   * idle: an exchange's saves come in a burst, and indexing between them would only delay the next one.
   */
  scheduleIndexing(): void {
    if (this.indexHolds > 0) {
      this.indexWanted = true;
      return;
    }
    if (this.indexTimer) clearTimeout(this.indexTimer);
    this.indexTimer = setTimeout(() => {
      this.indexTimer = null;
      const run = () => void this.indexNow().catch((error: unknown) => {
        if (this.isOpen()) console.warn('[prompt-runs] search indexing failed; it is retried at the next save or start', error);
      });
      if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1_000 });
      else run();
    }, INDEX_DELAY_MS);
  }

  /**
   * Keep the background indexer from starting until the returned release is called (once per hold): a
   * bulk writer (an import) whose batches follow one another would otherwise share the storage engine
   * and the page's thread with passes indexing what it just wrote. Search reads pending runs meanwhile;
   * the indexer starts once the last hold is released, if anything was written.
   */
  holdIndexing(): () => void {
    this.indexHolds += 1;
    if (this.indexTimer) {
      clearTimeout(this.indexTimer);
      this.indexTimer = null;
      this.indexWanted = true;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.indexHolds -= 1;
      if (this.indexHolds === 0 && this.indexWanted) {
        this.indexWanted = false;
        this.scheduleIndexing();
      }
    };
  }

  /**
   * Index every pending document now; resolves with how many were indexed. Passes run one after another,
   * so a pass asked for while one runs also sees what was written meanwhile; tabs take turns (Web Lock).
   */
  indexNow(): Promise<IndexProgress> {
    const none: IndexProgress = { docs: 0, markers: 0, mergeLeft: false };
    if (!this.isOpen()) return Promise.resolve(none);
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    const index = () => (this.isOpen() ? indexPending(this) : none);
    const pass: Promise<IndexProgress> = (this.indexing ?? Promise.resolve(none))
      .catch(() => none)
      .then(() => (locks ? locks.request(`prompt-runs-search-index:${this.name}`, index) : index()));
    this.indexing = pass;
    void pass.finally(() => {
      if (this.indexing === pass) this.indexing = null;
    }).catch(() => undefined);
    // A merge left in progress keeps its sources live (each query reads them all): finish it while idle.
    void pass.then((progress) => {
      if (progress.mergeLeft && this.isOpen()) this.scheduleIndexing();
    }, () => undefined);
    return pass;
  }

  override close(options?: { disableAutoOpen: boolean }): void {
    if (this.indexTimer) clearTimeout(this.indexTimer);
    this.indexTimer = null;
    super.close(options);
  }
}

/**
 * v7 upgrade: every run (its name and every message, also of a run whose row has not arrived) is indexed
 * again. It runs on v7's schema, before v14 drops the runId index it reads.
 */
async function markEveryRun(tx: Transaction): Promise<void> {
  const [runs, withMessages] = await Promise.all([
    tx.table('runs').toCollection().primaryKeys(),
    tx.table('messages').orderBy('runId').uniqueKeys(),
  ]);
  const runIds = new Set([...runs, ...withMessages].filter((id): id is string => typeof id === 'string'));
  await tx.table('searchPending').bulkPut([...runIds].map((id): PendingDoc => ({ id: wholeRunMarker(id) })));
}

/** Local database name for a user; 'local' is the signed-out device database. */
export function databaseNameFor(userId: string | null): string {
  return userId ? `prompt-runs-${userId}` : 'prompt-runs-local';
}

export function openDatabase(userId: string | null = null): PromptRunsDB {
  return new PromptRunsDB(databaseNameFor(userId));
}
