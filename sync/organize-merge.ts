// The rules of the organizing kinds, as pure functions every replica applies alike (CONTRACTS.md):
// rows merge per field by last-write-wins (clock, then writer, then value: compareFieldWrites); a tag set
// is element-wise (each pair its own clock and tombstone); where a run sits and how folders nest are
// derived from the merged rows, so concurrent moves and deletes can never lose a run nor nest twice.
import { compareFieldWrites } from './merge';
import type { Folder, PromptVersion, RunVersion, Tag } from './organize-model';

/** A row as the server keeps it: values, each field's clock and the device that wrote it. */
export interface WrittenRow {
  values: Record<string, unknown>;
  clocks: Record<string, string>;
  writers: Record<string, string>;
}

/** Per-field last-write-wins of two copies of one row; commutative, associative and idempotent. */
export function mergeClockedRows(a: WrittenRow, b: WrittenRow): WrittenRow {
  const out: WrittenRow = { values: {}, clocks: {}, writers: {} };
  for (const field of new Set([...Object.keys(a.values), ...Object.keys(b.values)])) {
    const inA = field in a.values;
    const inB = field in b.values;
    const pickB =
      !inA ||
      (inB &&
        compareFieldWrites(
          { clock: b.clocks[field], writer: b.writers[field] ?? '', value: b.values[field] },
          { clock: a.clocks[field], writer: a.writers[field] ?? '', value: a.values[field] },
        ) > 0);
    const from = pickB ? b : a;
    out.values[field] = from.values[field];
    if (from.clocks[field] !== undefined) out.clocks[field] = from.clocks[field]!;
    if (from.writers[field] !== undefined) out.writers[field] = from.writers[field]!;
  }
  return out;
}

/** The tags shown on an item: pairs present whose tag exists and is not deleted. */
export function visibleTagIds(links: ReadonlyArray<{ tag_id: string; present: boolean }>, tags: ReadonlyMap<string, Pick<Tag, 'status'>>): string[] {
  return links.filter((l) => l.present && tags.get(l.tag_id)?.status === 'active').map((l) => l.tag_id);
}

export type FolderIndex = ReadonlyMap<string, Pick<Folder, 'id' | 'status' | 'parent_id'>>;

/**
 * The folder `folder` shows under: its stored parent if that parent is active and itself stored at the
 * top level; else none (it shows at the top). One step, no recursion: concurrent moves can make neither
 * two levels of nesting nor a loop, and every replica draws the same tree.
 */
export function effectiveParentId(folder: Pick<Folder, 'id' | 'parent_id'>, folders: FolderIndex): string | null {
  const parent = folder.parent_id && folder.parent_id !== folder.id ? folders.get(folder.parent_id) : undefined;
  return parent && parent.status === 'active' && parent.parent_id === null ? parent.id : null;
}

/** Where a run shows: its folder if that exists here and is active, else "No folder" (null). */
export function effectiveFolderId(folderId: string | null | undefined, folders: FolderIndex): string | null {
  if (!folderId) return null;
  return folders.get(folderId)?.status === 'active' ? folderId : null;
}

export interface FolderNode {
  folder: Folder;
  children: Folder[];
}

const byPosition = (a: Folder, b: Folder) =>
  a.position - b.position || a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Active folders as shown: top level in order, each with its children in order. */
export function folderTree(all: readonly Folder[]): FolderNode[] {
  const active = all.filter((f) => f.status === 'active');
  const index: FolderIndex = new Map(active.map((f) => [f.id, f]));
  const children = new Map<string, Folder[]>();
  const top: Folder[] = [];
  for (const folder of active) {
    const parent = effectiveParentId(folder, index);
    if (parent === null) top.push(folder);
    else children.set(parent, [...(children.get(parent) ?? []), folder]);
  }
  return top.sort(byPosition).map((folder) => ({ folder, children: (children.get(folder.id) ?? []).sort(byPosition) }));
}

type AnyVersion = PromptVersion | RunVersion;

/** Union of two version lists by id (append-only; for one id the copy with the greater JSON wins), newest first. */
export function unionVersions<T extends AnyVersion>(a: readonly T[], b: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const v of [...a, ...b]) {
    const seen = byId.get(v.id);
    if (!seen || JSON.stringify(v) > JSON.stringify(seen)) byId.set(v.id, v);
  }
  return [...byId.values()].sort((x, y) => (x.created_at < y.created_at ? 1 : x.created_at > y.created_at ? -1 : x.id < y.id ? 1 : -1));
}
