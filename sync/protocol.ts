// Wire protocol between the sync engine and the server's Postgres functions (called over PostgREST RPC).
// Both ends are written against these types; supabase/migrations implements them in SQL.
import type { Message, Prompt, Run } from './model';
import type { Folder, PromptTag, PromptVersion, RunFolder, RunTag, RunVersion, Tag } from './organize-model';

/** The version this app speaks; sent with every call. A server that no longer speaks it answers 426. */
export const PROTOCOL_VERSION = 3;

/** The newest version the server speaks (one step ahead of the app while the organizing kinds are handed over). */
export const SERVER_PROTOCOL_MAX = 3;

/**
 * What one call may carry (the server refuses more, CONTRACTS.md): the batch builder never builds more,
 * and the app's own checks refuse a value over them before it is queued.
 */
export const SYNC_LIMITS = {
  changesPerCall: 500,
  bytesPerCall: 4 * 1024 * 1024,
  bytesPerChange: 1024 * 1024,
  messagesPerChange: 1_000,
  /** UTF-8 bytes of one message's content. */
  bytesPerMessage: 256 * 1024,
  /** Nesting of any JSON value (settings, variable_values, metadata). */
  jsonDepth: 32,
} as const;

/** Columns of a run as sent and received (the local Run minus device-only fields). */
export type RunRow = Omit<Run, 'message_count' | 'visible_message_count'> & {
  message_count?: number;
  /** In pulls: when the run was deleted forever (see PushChange.purge), else null. */
  purged_at?: string | null;
};
export type PromptRow = Prompt;

/** A message element as stored in prompt_runs.messages (JSONB): the local Message without runId. */
export type WireMessage = Omit<Message, 'runId'>;

/**
 * One queued change. `values` holds only the changed fields (all editable fields for a new row);
 * `clocks` gives each field's edit time (skew-corrected ISO). Messages are appended, merged by id.
 */
/** Protocol 3: tags, folders, tag links, where runs are filed, edit versions (CONTRACTS.md). */
export type OrganizeWireTable = 'tags' | 'folders' | 'run_tags' | 'prompt_tags' | 'run_folders' | 'prompt_versions' | 'run_versions';

export interface PushChange {
  seq: number;
  table: 'prompt_runs' | 'prompts' | OrganizeWireTable;
  /** The row's id; link kinds (run_tags, prompt_tags, run_folders) name their row by `key` instead. */
  id?: string;
  key?: { run_id?: string; prompt_id?: string; tag_id?: string };
  /**
   * Present when the row is new on the device: the immutable columns (versions send their whole row here:
   * prompt_id or run_id, created_at, device_id, device_name, snapshot).
   */
  insert?: { prompt_id?: string; run_id?: string; created_at: string; device_id?: string; device_name?: string; snapshot?: unknown };
  values: Record<string, unknown>;
  clocks: Record<string, string>;
  /** prompt_runs only: completed messages to merge into the run by id. */
  append_messages?: WireMessage[];
  /**
   * prompt_runs only: "delete forever", and final. The server drops the run's messages and forces
   * `status: 'deleted'` (clock: its own now); the row stays as the tombstone other devices pull (with
   * `purged_at`). From then on a change that appends to the run or sets another status is refused whole
   * with `run_purged` (a purge that also appends too); edits of other fields still merge.
   */
  purge?: boolean;
}

/**
 * The body of RPC `sync_push`, which receives it whole as one json argument (so a NUL in one change is
 * that change's `invalid_text`, not a failed call). Over SYNC_LIMITS per call: HTTP 413, nothing applied.
 */
export interface PushRequest {
  client_id: string;
  changes: PushChange[];
  /** PROTOCOL_VERSION (a request without it is served as version 1). */
  protocol?: number;
}

/** Per change, in seq order; a seq used twice in one call by different changes has two entries. */
export type PushChangeResult =
  | { seq: number; status: 'applied' | 'duplicate' }
  | { seq: number; status: 'rejected'; code: string; message: string };

export interface PushResponse {
  protocol: number;
  /**
   * Highest seq of this client the server has recorded (applied or rejected; a rejected seq sent again
   * gets the same rejection). A `duplicate_seq` refusal records nothing.
   */
  applied_through: number;
  server_time: string;
  results: PushChangeResult[];
}

/** RPC `sync_pull(since text, max_rows int, protocol int) returns jsonb`; `since` null = from the beginning. */
export interface PullRequest {
  since: string | null;
  max_rows: number;
  /** PROTOCOL_VERSION (a request without it is served as version 1). */
  protocol?: number;
}

export interface PullResponse {
  protocol: number;
  /** Opaque gap-free cursor; pass it back as `since`. */
  cursor: string;
  has_more: boolean;
  server_time: string;
  prompts: PromptRow[];
  /** Changed runs without their messages. */
  runs: RunRow[];
  /** Messages added since the cursor, with the run they belong to. */
  messages: Array<WireMessage & { run_id: string }>;
  /** Protocol 3 (absent from older servers' replies: read as empty). */
  tags?: Tag[];
  folders?: Folder[];
  run_tags?: RunTag[];
  prompt_tags?: PromptTag[];
  run_folders?: RunFolder[];
  prompt_versions?: PromptVersion[];
  run_versions?: RunVersion[];
  /**
   * Runs shared with the caller whose membership ended (the owner removed them, or they left): the device
   * deletes its copy (not a purge: the owner's run lives on) and queues nothing. Absent from older servers.
   */
  removed_runs?: RemovedRun[];
}

export interface RemovedRun {
  id: string;
  removed_at: string;
}

/** The organizing arrays of a pull, by the Dexie table they fill. */
export const PULLED_ORGANIZE_ARRAYS = {
  tags: 'tags',
  folders: 'folders',
  run_tags: 'runTags',
  prompt_tags: 'promptTags',
  run_folders: 'runFolders',
  prompt_versions: 'promptVersions',
  run_versions: 'runVersions',
} as const;
