// Tags on runs and prompts: tag rows (name, colour) merged per field, and one (item, tag) row per pair
// with its own clock and tombstone (an element-wise last-write-wins set). Every mutation writes its rows
// and their outbox entries in one transaction.
import type { PromptRunsDB } from '../db';
import { AppError, type Result } from '../model';
import { clockFor, newId } from '../clock';
import { TAG_NAME_MAX, type PromptTag, type RunTag, type Tag, type TagColor } from '../organize-model';
import { visibleTagIds } from '../organize-merge';
import { stableId } from '../import/stable-id';
import { enqueueMany, mutate } from './write';

export type TaggedKind = 'run' | 'prompt';

/** Names compare without case or surrounding space ("Travel" is "travel "). */
export const tagKey = (name: string) => name.normalize('NFKC').trim().toLocaleLowerCase('en');

/** A tag's name made tidy, or why it cannot be one. */
export function cleanTagName(name: string): Result<string> {
  const clean = name.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (!clean) return { ok: false, error: new AppError('invalid_input', 'A tag needs a name.') };
  if (clean.length > TAG_NAME_MAX) return { ok: false, error: new AppError('invalid_input', `A tag name is at most ${TAG_NAME_MAX} characters.`) };
  return { ok: true, value: clean };
}

const linkTable = (db: PromptRunsDB, kind: TaggedKind) => (kind === 'run' ? db.runTags : db.promptTags);
const linkOutbox = (kind: TaggedKind) => (kind === 'run' ? ('runTags' as const) : ('promptTags' as const));
const linkRow = (kind: TaggedKind, itemId: string, tagId: string, present: boolean, now: string): RunTag | PromptTag =>
  kind === 'run'
    ? { run_id: itemId, tag_id: tagId, present, updated_at: now, field_updated_at: { present: now } }
    : { prompt_id: itemId, tag_id: tagId, present, updated_at: now, field_updated_at: { present: now } };
const itemOf = (link: RunTag | PromptTag) => ('run_id' in link ? link.run_id : link.prompt_id);

async function activeTags(db: PromptRunsDB): Promise<Tag[]> {
  return (await db.tags.where('status').equals('active').toArray()).filter((t) => typeof t.name === 'string');
}

/** Inside a transaction: the active tag with this name, or a new one (its id follows from the name where free). */
async function findOrCreateTag(db: PromptRunsDB, name: string): Promise<{ tag: Tag; created: boolean }> {
  const existing = (await activeTags(db)).find((t) => tagKey(t.name) === tagKey(name));
  if (existing) return { tag: existing, created: false };
  // Two devices that make "travel" offline make the same tag; an id used before (renamed, deleted) is not reused.
  const derived = stableId('tag', tagKey(name));
  const id = (await db.tags.get(derived)) ? newId() : derived;
  const now = clockFor(db).nowIso();
  const tag: Tag = { id, name, color: null, status: 'active', created_at: now, updated_at: now, field_updated_at: { name: now, color: now, status: now } };
  await db.tags.add(tag);
  await enqueueMany(db, [{ table: 'tags', rowId: id, fields: ['name', 'color', 'status'], isNew: true }]);
  return { tag, created: true };
}

/** Inside a transaction: set the pairs (items × tag) present or not, only those that change. */
async function setLinks(db: PromptRunsDB, kind: TaggedKind, itemIds: readonly string[], tagId: string, present: boolean): Promise<number> {
  const table = linkTable(db, kind);
  const keys = itemIds.map((id) => [id, tagId] as [string, string]);
  const current = await table.bulkGet(keys);
  const now = clockFor(db).nowIso();
  const rows = itemIds.filter((_, i) => (current[i]?.present ?? false) !== present).map((id) => linkRow(kind, id, tagId, present, now));
  if (rows.length === 0) return 0;
  await (table as typeof db.runTags).bulkPut(rows as RunTag[]);
  await enqueueMany(db, rows.map((r) => ({ table: linkOutbox(kind), rowId: `${itemOf(r)}/${tagId}`, fields: ['present'] })));
  return rows.length;
}

/** Inside a transaction: `toId` gets the tags `fromId` shows (a duplicate keeps its original's tags). */
export async function copyTags(db: PromptRunsDB, kind: TaggedKind, fromId: string, toId: string): Promise<number> {
  const links = (await linkTable(db, kind).where(kind === 'run' ? 'run_id' : 'prompt_id').equals(fromId).toArray()) as Array<RunTag | PromptTag>;
  const tags = new Map((await db.tags.bulkGet(links.map((l) => l.tag_id))).flatMap((t) => (t ? [[t.id, t] as const] : [])));
  let added = 0;
  for (const tagId of visibleTagIds(links, tags)) added += await setLinks(db, kind, [toId], tagId, true);
  return added;
}

/** "Add tag": by name (an existing tag, or a new one), to one or many runs or prompts. */
export function addTagByName(db: PromptRunsDB, kind: TaggedKind, itemIds: readonly string[], name: string): Promise<Result<{ tag: Tag; created: boolean; added: number }>> {
  const clean = cleanTagName(name);
  if (!clean.ok) return Promise.resolve(clean);
  return mutate(db, ['tags', linkOutbox(kind)], async () => {
    const found = await findOrCreateTag(db, clean.value);
    return { ...found, added: await setLinks(db, kind, itemIds, found.tag.id, true) };
  });
}

export function setTagOn(db: PromptRunsDB, kind: TaggedKind, itemIds: readonly string[], tagId: string, present: boolean): Promise<Result<number>> {
  return mutate(db, [linkOutbox(kind)], () => setLinks(db, kind, itemIds, tagId, present));
}

async function patchTag(db: PromptRunsDB, id: string, patch: Partial<Pick<Tag, 'name' | 'color' | 'status'>>): Promise<Tag> {
  const tag = await db.tags.get(id);
  if (!tag || tag.status !== 'active') throw new AppError('not_found', 'That tag no longer exists.');
  const now = clockFor(db).nowIso();
  const fields = Object.keys(patch);
  const next: Tag = { ...tag, ...patch, updated_at: now, field_updated_at: { ...tag.field_updated_at, ...Object.fromEntries(fields.map((f) => [f, now])) } };
  await db.tags.put(next);
  await enqueueMany(db, [{ table: 'tags', rowId: id, fields }]);
  return next;
}

/** Rename everywhere (runs and prompts refer to the tag, not its name); an existing name is refused. */
export function renameTag(db: PromptRunsDB, id: string, name: string): Promise<Result<Tag>> {
  const clean = cleanTagName(name);
  if (!clean.ok) return Promise.resolve(clean);
  return mutate(db, ['tags'], async () => {
    const clash = (await activeTags(db)).find((t) => t.id !== id && tagKey(t.name) === tagKey(clean.value));
    if (clash) throw new AppError('invalid_input', `A tag named “${clash.name}” already exists.`);
    return patchTag(db, id, { name: clean.value });
  });
}

export const setTagColor = (db: PromptRunsDB, id: string, color: TagColor | null) => mutate(db, ['tags'], () => patchTag(db, id, { color }));

/** Delete everywhere: the tag is tombstoned and every pair this device holds is removed. */
export function deleteTag(db: PromptRunsDB, id: string): Promise<Result<Tag>> {
  return mutate(db, ['tags', 'runTags', 'promptTags'], async () => {
    const tag = await patchTag(db, id, { status: 'deleted' });
    for (const kind of ['run', 'prompt'] as const) {
      const links = (await linkTable(db, kind).where('tag_id').equals(id).toArray()) as Array<RunTag | PromptTag>;
      await setLinks(db, kind, links.filter((l) => l.present).map(itemOf), id, false);
    }
    return tag;
  });
}

/** Active tags, by name. */
export async function listTags(db: PromptRunsDB): Promise<Tag[]> {
  return (await activeTags(db)).sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }) || (a.id < b.id ? -1 : 1));
}

/** The tags shown on each item of a kind (item id → tag ids), for lists. */
export async function tagsByItem(db: PromptRunsDB, kind: TaggedKind): Promise<Map<string, string[]>> {
  const [links, tags] = await Promise.all([linkTable(db, kind).toArray() as Promise<Array<RunTag | PromptTag>>, db.tags.toArray()]);
  const index = new Map(tags.map((t) => [t.id, t]));
  const out = new Map<string, string[]>();
  for (const link of links) {
    if (visibleTagIds([link], index).length === 0) continue;
    const id = itemOf(link);
    out.set(id, [...(out.get(id) ?? []), link.tag_id]);
  }
  return out;
}

/** Run ids carrying every one of `tagIds` (read off the tag index: O(tagged runs), not O(runs)). */
export async function runIdsWithTags(db: PromptRunsDB, tagIds: readonly string[]): Promise<Set<string>> {
  let result: Set<string> | undefined;
  for (const tagId of tagIds) {
    const links = await db.runTags.where('tag_id').equals(tagId).toArray();
    const ids = new Set(links.filter((l) => l.present).map((l) => l.run_id));
    const before: Set<string> | undefined = result;
    result = before ? new Set([...before].filter((id) => ids.has(id))) : ids;
  }
  return result ?? new Set<string>();
}

/** Tag ids whose name matches (for `tag:travel` in the search box). */
export async function tagIdsNamed(db: PromptRunsDB, names: readonly string[]): Promise<string[] | null> {
  const tags = await activeTags(db);
  const ids: string[] = [];
  for (const name of names) {
    const tag = tags.find((t) => tagKey(t.name) === tagKey(name));
    if (!tag) return null;
    ids.push(tag.id);
  }
  return ids;
}
