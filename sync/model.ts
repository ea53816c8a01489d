// Shapes persisted on the device and sent over the wire. Runs and prompts keep the seed's snake_case
// column names (they mirror public.prompt_runs / public.prompts); message elements keep the seed's
// `{role, content, taskId?, metadata?}` plus id, parentId, createdAt and status (DESIGN.md).

export type RunStatus = 'active' | 'archived' | 'deleted';
export type PromptStatus = 'active' | 'deleted';
export type Role = 'system' | 'user' | 'assistant';
export type MessageStatus = 'streaming' | 'done' | 'error' | 'interrupted';

/** Model settings of a prompt, snapshotted into each run when it is created. */
export interface ModelSettings {
  /** Provider id from the device's provider list; 'echo' is the built-in offline model. */
  provider: string;
  model_id: string;
  temperature?: number;
  max_tokens?: number;
  [key: string]: unknown;
}

export interface VariableDefinition {
  name: string;
  default_value: string;
  description?: string;
  /** The value is never shown through a share link (hidden wherever it appears in a shared run). */
  private?: boolean;
}

export interface Prompt {
  id: string;
  user_id: string | null;
  name: string;
  description: string;
  system_message: string;
  user_template: string;
  variables: VariableDefinition[];
  settings: ModelSettings;
  status: PromptStatus;
  created_at: string;
  updated_at: string;
  /** Per-field edit times for last-write-wins (field name → ISO time). */
  field_updated_at: Record<string, string>;
  /**
   * The run this prompt was saved from ("Save as template"); set once, when it is made, and synced as an
   * editable field (PROMPT_EDITABLE_FIELDS). Only an id: the run may be gone, or never have been here.
   */
  source_run_id?: string | null;
}

export interface MessageMetadata {
  /** Milliseconds from the request to the first text. */
  timeToFirstToken?: number;
  /** Milliseconds from the request to the reply's end. */
  totalTime?: number;
  /** Output (completion) tokens of a reply. */
  tokens?: number;
  /** Input (prompt) tokens of the request that a reply answered. */
  inputTokens?: number;
  /** True when a token count is an estimate (the provider did not report it). */
  tokensEstimated?: boolean;
  /** 'provider:model' key of the model that wrote a reply (device-specific provider id). */
  model?: string;
  /** The model's API id ('gpt-4o-mini'): the key of the price table. */
  modelId?: string;
  /** The model's name as people read it ("gpt-4o-mini · OpenAI"), kept so other devices can show it. */
  modelName?: string;
  error?: string;
  [key: string]: unknown;
}

/** One message of a run's conversation tree; stored one record per message, indexed by run. */
export interface Message {
  id: string;
  runId: string;
  parentId: string | null;
  role: Role;
  content: string;
  taskId?: string;
  metadata?: MessageMetadata;
  status: MessageStatus;
  createdAt: string;
  /** Who wrote it (their account's user id), set by the sync server on every append; absent before it syncs. */
  authorId?: string;
}

/** What a member of someone else's run may do in it. */
export type MemberRole = 'viewer' | 'editor';

/** One person a shared run is shared between (its owner included). */
export interface RunPerson {
  user_id: string;
  email: string;
  role: 'owner' | MemberRole;
}

/** On a run someone else shared with me (never on my own runs, shared or not): as the sync server sends it. */
export interface RunSharing {
  role: MemberRole;
  owner_email: string;
  prompt_name: string | null;
  people: RunPerson[];
}

/** Run metadata only (the seed's PromptRun without `messages`), so lists stay fast. */
export interface Run {
  id: string;
  prompt_id: string;
  user_id: string | null;
  name: string;
  description: string;
  variable_values: Record<string, string>;
  settings: ModelSettings;
  status: RunStatus;
  message_count: number;
  /**
   * Device-derived, never synced: the messages a person sees, i.e. the current branch without the system
   * message or a reply still streaming ("6 messages"). Every device derives it from the same messages and
   * current leaf. Missing on rows written before it existed (readers fill it in).
   */
  visible_message_count?: number;
  is_starred: boolean;
  /** Kept at the top of its list whatever the sort (merged per field, like a star). */
  is_pinned: boolean;
  created_at: string;
  updated_at: string;
  last_message_at: string;
  /** Leaf of the branch the user is looking at; null before the first message. */
  current_leaf_id: string | null;
  /** Last visible message, truncated, for list previews. */
  last_message_preview: string;
  field_updated_at: Record<string, string>;
  /**
   * The prompt's version when the run started (edit history); set once, when it is made, and synced as an
   * editable field (RUN_EDITABLE_FIELDS).
   */
  prompt_version_id?: string | null;
  /** Set when the run is someone else's, shared with me; its `user_id` stays the owner's. */
  shared?: RunSharing | null;
}

/**
 * Fields of a run that sync merges per field (last write wins, each with its clock). Most are edited by
 * the user; prompt_version_id is written once, when the run is made, and only rides along.
 */
export const RUN_EDITABLE_FIELDS = [
  'name',
  'description',
  'status',
  'is_starred',
  'is_pinned',
  'current_leaf_id',
  'variable_values',
  'settings',
  'prompt_version_id',
] as const;
export type RunEditableField = (typeof RUN_EDITABLE_FIELDS)[number];

export const PROMPT_EDITABLE_FIELDS = [
  'name',
  'description',
  'system_message',
  'user_template',
  'variables',
  'settings',
  'status',
  'source_run_id',
] as const;

export type OutboxTable = 'runs' | 'prompts' | 'messages' | OrganizeTable;

/** The organizing kinds' Dexie tables, which are also their outbox `table` names (CONTRACTS.md). */
export const ORGANIZE_TABLES = ['tags', 'folders', 'runTags', 'promptTags', 'runFolders', 'promptVersions', 'runVersions'] as const;
export type OrganizeTable = (typeof ORGANIZE_TABLES)[number];

/**
 * A durable marker that a row has local changes the server has not acknowledged. The payload is read
 * from the row at push time, so rapid edits to one row coalesce into one entry (`key` = table:rowId).
 */
/** `meta` key of the outbox's seq counter (the last seq given to a change). */
export const OUTBOX_SEQ_KEY = 'outbox-seq';

export interface OutboxEntry {
  key: string;
  table: OutboxTable;
  rowId: string;
  /** For messages: the run they belong to. */
  runId?: string;
  /** Changed fields (runs/prompts); empty for a new row or a message (whole record). */
  fields: string[];
  /** The row is new on this device (insert), not an edit. */
  isNew: boolean;
  /**
   * A run's entry only: every message of the run held here goes with it (none has an entry of its own). An
   * imported run queues one entry, not one per message; build-batch reads its messages by run.
   */
  wholeRun?: true;
  /** Monotonic per-device sequence of the latest change to this entry. */
  seq: number;
  queuedAt: string;
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export type AppErrorReason =
  | 'not_found'
  | 'invalid_input'
  | 'quota_exceeded'
  | 'corrupt_record'
  | 'storage_failed';

export class AppError extends Error {
  constructor(
    readonly reason: AppErrorReason,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
