// Shapes of the organizing kinds (tags, folders, edit versions), stored on the device and synced like
// prompts: entity rows merged per field by last-write-wins (`field_updated_at`), and append-only version
// rows. Their rules (which tags show, where a run sits) are in organize-merge.ts. See CONTRACTS.md.
import type { Prompt } from './model';

export type EntityStatus = 'active' | 'deleted';

/** Colours a tag may take (names, so both themes map them to readable shades). */
export const TAG_COLORS = ['slate', 'red', 'amber', 'green', 'sky', 'violet', 'pink'] as const;
export type TagColor = (typeof TAG_COLORS)[number];

export const TAG_NAME_MAX = 100;
export const FOLDER_NAME_MAX = 200;

export interface Tag {
  id: string;
  name: string;
  color: TagColor | null;
  status: EntityStatus;
  created_at: string;
  updated_at: string;
  field_updated_at: Record<string, string>;
}
export const TAG_EDITABLE_FIELDS = ['name', 'color', 'status'] as const;

export interface Folder {
  id: string;
  name: string;
  /** A top-level folder's id (one level of nesting), or null. */
  parent_id: string | null;
  /** Order among its siblings (smaller first). */
  position: number;
  status: EntityStatus;
  created_at: string;
  updated_at: string;
  field_updated_at: Record<string, string>;
}
export const FOLDER_EDITABLE_FIELDS = ['name', 'parent_id', 'position', 'status'] as const;

/**
 * One (item, tag) pair of an element-wise last-write-wins set: `present` with its own clock, so a
 * removal is a tombstone and concurrent adds of different tags never replace each other.
 */
export interface RunTag {
  run_id: string;
  tag_id: string;
  present: boolean;
  updated_at: string;
  field_updated_at: Record<string, string>;
}
export interface PromptTag {
  prompt_id: string;
  tag_id: string;
  present: boolean;
  updated_at: string;
  field_updated_at: Record<string, string>;
}
export const TAG_LINK_EDITABLE_FIELDS = ['present'] as const;

/** Where a run is filed: its folder (null: "No folder"), last move wins. */
export interface RunFolder {
  run_id: string;
  folder_id: string | null;
  updated_at: string;
  field_updated_at: Record<string, string>;
}
export const RUN_FOLDER_EDITABLE_FIELDS = ['folder_id'] as const;

export type PromptSnapshot = Pick<Prompt, 'name' | 'description' | 'system_message' | 'user_template' | 'variables' | 'settings'>;
export const PROMPT_SNAPSHOT_FIELDS = ['name', 'description', 'system_message', 'user_template', 'variables', 'settings'] as const;
export interface RunSnapshot {
  name: string;
  description: string;
}

interface VersionBase {
  id: string;
  created_at: string;
  /** The device that saved it (its own id, and a name people recognise: "Chrome on Linux"). */
  device_id: string;
  device_name: string;
}
/** One saved edit of a prompt: append-only, never changed. */
export interface PromptVersion extends VersionBase {
  prompt_id: string;
  snapshot: PromptSnapshot;
}
export interface RunVersion extends VersionBase {
  run_id: string;
  snapshot: RunSnapshot;
}
