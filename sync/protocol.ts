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
   * prompt_runs only: "delete forever". The server drops the run's messages (the seed's array and the
   * per-message rows) and ignores any appended later, so the conversation is gone from the server too;
   * the run row stays as the tombstone that tells other devices.
   */
  purge?: boolean;
}

/** RPC `sync_push(client_id uuid, changes jsonb, protocol int) returns jsonb`. */
export interface PushRequest {
  client_id: string;
  changes: PushChange[];
  /** PROTOCOL_VERSION (a request without it is served as version 1). */
  protocol?: number;
}

export type PushChangeResult =
  | { seq: number; status: 'applied' | 'duplicate' }
  | { seq: number; status: 'rejected'; code: string; message: string };

export interface PushResponse {
  protocol: number;
  /** Highest seq of this client the server has recorded (applied, duplicate or rejected). */
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
