// Wire changes for tags, folders, tag links, filing and edit versions (protocol 3, CONTRACTS.md). Tags and
// folders go first in a batch (a top-level folder before one nested in it); the kinds that name a run,
// prompt, tag or folder go last, and only when everything queued before them is in the batch, so the server
// never meets a link before the row it names (it would answer not_found).
import type { PromptRunsDB } from '../db';
import { ORGANIZE_TABLES, type OrganizeTable, type OutboxEntry } from '../model';
import { FOLDER_EDITABLE_FIELDS, TAG_EDITABLE_FIELDS } from '../organize-model';
import type { OrganizeWireTable, PushChange } from '../protocol';

export const isOrganizeEntry = (e: OutboxEntry): boolean => (ORGANIZE_TABLES as readonly string[]).includes(e.table);

export const WIRE_TABLE: Record<OrganizeTable, OrganizeWireTable> = {
  tags: 'tags',
  folders: 'folders',
  runTags: 'run_tags',
  promptTags: 'prompt_tags',
  runFolders: 'run_folders',
  promptVersions: 'prompt_versions',
  runVersions: 'run_versions',
};

const ENTITIES: readonly OrganizeTable[] = ['tags', 'folders'];
const DEPENDENTS: readonly OrganizeTable[] = ['promptVersions', 'runVersions', 'runTags', 'promptTags', 'runFolders'];

type Ref = { key: string; seq: number };
type Draft = { change: Omit<PushChange, 'seq'>; label: string };
/** build-batch's DraftChange (same shape; declared here so neither module imports the other). */
type DraftChange = Draft & { entries: Ref[] };
const ref = (e: OutboxEntry): Ref => ({ key: e.key, seq: e.seq });

function pick(row: object, fields: readonly string[], clocks: Record<string, string>, fallback: string) {
  const values: Record<string, unknown> = {};
  const stamps: Record<string, string> = {};
  for (const field of fields) {
    if (!(field in row)) continue;
    values[field] = (row as Record<string, unknown>)[field];
    stamps[field] = clocks[field] ?? fallback;
  }
  return { values, clocks: stamps };
}

const editable = (e: OutboxEntry, all: readonly string[]) => (e.isNew ? all : e.fields.filter((f) => all.includes(f)));

async function tagName(db: PromptRunsDB, id: string): Promise<string> {
  return (await db.tags.get(id))?.name ?? 'a tag';
}

/** The change for one entry, or null when its row is gone here (acknowledged as an orphan). */
async function draftOf(db: PromptRunsDB, e: OutboxEntry): Promise<Draft | null> {
  switch (e.table) {
    case 'tags': {
      const tag = await db.tags.get(e.rowId);
      if (!tag) return null;
      const change = { table: 'tags' as const, id: tag.id, ...(e.isNew ? { insert: { created_at: tag.created_at } } : {}), ...pick(tag, editable(e, TAG_EDITABLE_FIELDS), tag.field_updated_at, tag.updated_at) };
      return { change, label: `Tag “${tag.name}”` };
    }
    case 'folders': {
      const folder = await db.folders.get(e.rowId);
      if (!folder) return null;
      const change = { table: 'folders' as const, id: folder.id, ...(e.isNew ? { insert: { created_at: folder.created_at } } : {}), ...pick(folder, editable(e, FOLDER_EDITABLE_FIELDS), folder.field_updated_at, folder.updated_at) };
      return { change, label: `Folder “${folder.name}”` };
    }
    case 'runTags':
    case 'promptTags': {
      const [item, tagId] = e.rowId.split('/') as [string, string];
      const link = e.table === 'runTags' ? await db.runTags.get([item, tagId]) : await db.promptTags.get([item, tagId]);
      if (!link) return null;
      const key = e.table === 'runTags' ? { run_id: item, tag_id: tagId } : { prompt_id: item, tag_id: tagId };
      const on = e.table === 'runTags' ? 'a run' : 'a prompt';
      return { change: { table: WIRE_TABLE[e.table], key, ...pick(link, ['present'], link.field_updated_at, link.updated_at) }, label: `Tag “${await tagName(db, tagId)}” on ${on}` };
    }
    case 'runFolders': {
      const filed = await db.runFolders.get(e.rowId);
      if (!filed) return null;
      const run = await db.runs.get(e.rowId);
      return { change: { table: 'run_folders', key: { run_id: filed.run_id }, ...pick(filed, ['folder_id'], filed.field_updated_at, filed.updated_at) }, label: `Folder of run “${run?.name ?? ''}”` };
    }
    case 'promptVersions':
    case 'runVersions': {
      const v = e.table === 'promptVersions' ? await db.promptVersions.get(e.rowId) : await db.runVersions.get(e.rowId);
      if (!v) return null;
      const { id, ...row } = v;
      return { change: { table: WIRE_TABLE[e.table], id, insert: row, values: {}, clocks: {} }, label: `A saved version of “${v.snapshot.name}”` };
    }
    default:
      return null;
  }
}

/** Top-level folders first: one nested in a folder made in the same batch must come after it. */
function entityOrder(a: { table: string; parent?: boolean }, b: { table: string; parent?: boolean }): number {
  return ENTITIES.indexOf(a.table as OrganizeTable) - ENTITIES.indexOf(b.table as OrganizeTable) || Number(a.parent) - Number(b.parent);
}

/**
 * Drafts of the given phase, in order, while `fits` has room (it reserves the room it grants). `leftOver`
 * says an entry of the phase stayed queued for want of room.
 */
export async function organizeDrafts(
  db: PromptRunsDB,
  entries: readonly OutboxEntry[],
  phase: 'entities' | 'dependents',
  fits: (change: Omit<PushChange, 'seq'>) => boolean,
): Promise<{ drafts: DraftChange[]; orphans: Ref[]; leftOver: boolean }> {
  const tables = phase === 'entities' ? ENTITIES : DEPENDENTS;
  const mine = entries.filter((e) => tables.includes(e.table as OrganizeTable));
  const built = await Promise.all(mine.map(async (e) => ({ e, draft: await draftOf(db, e) })));
  const keyed = built.map((b) => ({ ...b, table: b.e.table, parent: typeof b.draft?.change.values.parent_id === 'string' }));
  keyed.sort(phase === 'entities' ? entityOrder : (a, b) => tables.indexOf(a.table as OrganizeTable) - tables.indexOf(b.table as OrganizeTable));
  const drafts: DraftChange[] = [];
  const orphans: Ref[] = [];
  let leftOver = false;
  for (const { e, draft } of keyed) {
    if (!draft) {
      orphans.push(ref(e));
    } else if (!leftOver && fits(draft.change)) {
      drafts.push({ change: draft.change, entries: [ref(e)], label: draft.label });
    } else {
      leftOver = true;
    }
  }
  return { drafts, orphans, leftOver };
}
