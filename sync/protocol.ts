// Wire protocol between the sync engine and the server's Postgres functions (called over PostgREST RPC).
// Both ends are written against these types; supabase/migrations implements them in SQL.
import type { Message, Prompt, Run } from './model';

/** The version this app speaks; sent with every call. A server that no longer speaks it answers 426. */
export const PROTOCOL_VERSION = 2;

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
export interface PushChange {
  seq: number;
  table: 'prompt_runs' | 'prompts';
  id: string;
  /** Present when the row is new on the device: the immutable columns. */
  insert?: { prompt_id?: string; created_at: string };
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
}
