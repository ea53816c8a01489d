// The device database: prompts, runs (metadata), messages (one record each), outbox, meta and
// device-only settings. Every schema change adds a `version(n)` with an upgrade; never edit an old one.
import Dexie, { type EntityTable } from 'dexie';
import type { MetaRecord, Message, OutboxEntry, Prompt, Run } from './model';
import { indexExistingRows, searchIndexMiddleware } from './store/search-index';
import type { SearchDoc } from './store/search-tokens';

/** Device-only settings (provider keys live here and are never synced). */
export interface SettingRecord {
  key: string;
  value: unknown;
}

export class PromptRunsDB extends Dexie {
  prompts!: EntityTable<Prompt, 'id'>;
  runs!: EntityTable<Run, 'id'>;
  messages!: EntityTable<Message, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'key'>;
  meta!: EntityTable<MetaRecord, 'key'>;
  settings!: EntityTable<{ key: string; value: unknown }, 'key'>;
  /** v3: full-text index of run names and messages (kept by searchIndexMiddleware). */
  searchIndex!: EntityTable<SearchDoc, 'id'>;
  /** v3: runs deleted forever; their row stays as a blank 'deleted' tombstone so the deletion syncs. */
  purged!: EntityTable<{ id: string; purged_at: string }, 'id'>;

  constructor(name: string) {
    // Relaxed durability: a commit reaches the OS before the promise resolves (survives a tab or app crash)
    // without waiting for an fsync on every auto-save.
    super(name, { chromeTransactionDurability: 'relaxed' });
    this.version(1).stores({
      prompts: 'id, status, updated_at',
      runs: 'id, prompt_id, status, last_message_at, updated_at, [prompt_id+last_message_at], [status+last_message_at]',
      messages: 'id, runId, [runId+createdAt]',
      outbox: 'key, seq, table',
      meta: 'key',
      settings: 'key',
    });
    // v3 (runs library): search index and purged-run markers (existing rows are indexed once here), and
    // [prompt_id+status+last_message_at] so a prompt's active runs page straight off one index.
    this.version(3)
      .stores({
        runs: 'id, prompt_id, status, last_message_at, updated_at, [prompt_id+last_message_at], [status+last_message_at], [prompt_id+status+last_message_at]',
        searchIndex: 'id, *words',
        purged: 'id',
      })
      .upgrade(indexExistingRows);
    this.use(searchIndexMiddleware);
  }
}

/** Local database name for a user; 'local' is the signed-out device database. */
export function databaseNameFor(userId: string | null): string {
  return userId ? `prompt-runs-${userId}` : 'prompt-runs-local';
}

export function openDatabase(userId: string | null = null): PromptRunsDB {
  return new PromptRunsDB(databaseNameFor(userId));
}
