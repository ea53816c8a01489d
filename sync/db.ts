// The device database: prompts, runs (metadata), messages (one record each), outbox, meta and
// device-only settings. Every schema change adds a `version(n)` with an upgrade; never edit an old one.
import Dexie, { type EntityTable } from 'dexie';
import type { MetaRecord, Message, OutboxEntry, Prompt, Run } from './model';

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
  }
}

/** Local database name for a user; 'local' is the signed-out device database. */
export function databaseNameFor(userId: string | null): string {
  return userId ? `prompt-runs-${userId}` : 'prompt-runs-local';
}

export function openDatabase(userId: string | null = null): PromptRunsDB {
  return new PromptRunsDB(databaseNameFor(userId));
}
