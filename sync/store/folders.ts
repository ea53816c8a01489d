// Folders (collections) of runs: folder rows merged per field (name, parent, position, status) and one
// row per filed run (its folder, last move wins). A run is in at most one folder; folders nest one level;
// deleting a folder moves its runs to "No folder", never deletes them.
import type { PromptRunsDB } from '../db';
import { AppError, type Result } from '../model';
import { clockFor, newId } from '../clock';
import { FOLDER_NAME_MAX, type Folder, type RunFolder } from '../organize-model';
import { effectiveFolderId, folderTree, type FolderNode } from '../organize-merge';
import { enqueueMany, mutate } from './write';

export function cleanFolderName(name: string): Result<string> {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (!clean) return { ok: false, error: new AppError('invalid_input', 'A folder needs a name.') };
  if (clean.length > FOLDER_NAME_MAX) return { ok: false, error: new AppError('invalid_input', `A folder name is at most ${FOLDER_NAME_MAX} characters.`) };
  return { ok: true, value: clean };
}

const activeFolders = async (db: PromptRunsDB) => db.folders.where('status').equals('active').toArray();

async function readFolder(db: PromptRunsDB, id: string): Promise<Folder> {
  const folder = await db.folders.get(id);
  if (!folder || folder.status !== 'active') throw new AppError('not_found', 'That folder no longer exists.');
  return folder;
}

/** A top-level folder to put another under, or why not (one level of nesting). */
async function checkParent(db: PromptRunsDB, parentId: string | null, childId?: string): Promise<void> {
  if (parentId === null) return;
  const parent = await readFolder(db, parentId);
  if (parent.parent_id !== null || parent.id === childId) throw new AppError('invalid_input', 'Folders nest one level: choose a top-level folder.');
  if (childId && (await activeFolders(db)).some((f) => f.parent_id === childId)) {
    throw new AppError('invalid_input', 'This folder has folders inside it, so it stays at the top level.');
  }
}

export function createFolder(db: PromptRunsDB, name: string, parentId: string | null = null): Promise<Result<Folder>> {
  const clean = cleanFolderName(name);
  if (!clean.ok) return Promise.resolve(clean);
  return mutate(db, ['folders'], async () => {
    await checkParent(db, parentId);
    const siblings = (await activeFolders(db)).filter((f) => f.parent_id === parentId);
    const now = clockFor(db).nowIso();
    const folder: Folder = {
      id: newId(), name: clean.value, parent_id: parentId, position: Math.max(0, ...siblings.map((f) => f.position)) + 1,
      status: 'active', created_at: now, updated_at: now, field_updated_at: { name: now, parent_id: now, position: now, status: now },
    };
    await db.folders.add(folder);
    await enqueueMany(db, [{ table: 'folders', rowId: folder.id, fields: ['name', 'parent_id', 'position', 'status'], isNew: true }]);
    return folder;
  });
}

async function patchFolders(db: PromptRunsDB, patches: ReadonlyArray<[Folder, Partial<Pick<Folder, 'name' | 'parent_id' | 'position' | 'status'>>]>) {
  const now = clockFor(db).nowIso();
  const rows = patches.map(([folder, patch]) => ({
    ...folder, ...patch, updated_at: now,
    field_updated_at: { ...folder.field_updated_at, ...Object.fromEntries(Object.keys(patch).map((f) => [f, now])) },
  }));
  await db.folders.bulkPut(rows);
  await enqueueMany(db, patches.map(([folder, patch]) => ({ table: 'folders' as const, rowId: folder.id, fields: Object.keys(patch) })));
}

export function renameFolder(db: PromptRunsDB, id: string, name: string): Promise<Result<void>> {
  const clean = cleanFolderName(name);
  if (!clean.ok) return Promise.resolve(clean);
  return mutate(db, ['folders'], async () => patchFolders(db, [[await readFolder(db, id), { name: clean.value }]]));
}

/** Put a folder under a top-level one (or at the top level with null), last among its new siblings. */
export function nestFolder(db: PromptRunsDB, id: string, parentId: string | null): Promise<Result<void>> {
  return mutate(db, ['folders'], async () => {
    const folder = await readFolder(db, id);
    await checkParent(db, parentId, id);
    const siblings = (await activeFolders(db)).filter((f) => f.parent_id === parentId && f.id !== id);
    await patchFolders(db, [[folder, { parent_id: parentId, position: Math.max(0, ...siblings.map((f) => f.position)) + 1 }]]);
  });
}

/** Move a folder one place up or down among the folders shown beside it. */
export function reorderFolder(db: PromptRunsDB, id: string, step: -1 | 1): Promise<Result<void>> {
  return mutate(db, ['folders'], async () => {
    const tree = folderTree(await db.folders.toArray());
    const siblings = tree.some((n) => n.folder.id === id) ? tree.map((n) => n.folder) : tree.find((n) => n.children.some((c) => c.id === id))?.children ?? [];
    const i = siblings.findIndex((f) => f.id === id);
    const j = i + step;
    if (i < 0 || j < 0 || j >= siblings.length) return;
    // Renumber the siblings in their new order: positions stay whole numbers however often they move.
    const order = [...siblings];
    [order[i], order[j]] = [order[j]!, order[i]!];
    await patchFolders(db, order.flatMap((f, k) => (f.position === k + 1 ? [] : [[f, { position: k + 1 }] as [Folder, { position: number }]])));
  });
}

/** Inside a transaction: file runs in a folder (null: "No folder"), only those that move. */
async function fileRuns(db: PromptRunsDB, runIds: readonly string[], folderId: string | null): Promise<number> {
  const current = await db.runFolders.bulkGet([...runIds]);
  const now = clockFor(db).nowIso();
  const rows: RunFolder[] = runIds
    .filter((_, i) => (current[i]?.folder_id ?? null) !== folderId)
    .map((run_id) => ({ run_id, folder_id: folderId, updated_at: now, field_updated_at: { folder_id: now } }));
  await db.runFolders.bulkPut(rows);
  await enqueueMany(db, rows.map((r) => ({ table: 'runFolders' as const, rowId: r.run_id, fields: ['folder_id'] })));
  return rows.length;
}

/** "Move to folder": one run or many; null is "No folder". */
export function moveRunsToFolder(db: PromptRunsDB, runIds: readonly string[], folderId: string | null): Promise<Result<number>> {
  return mutate(db, ['runFolders', 'folders'], async () => {
    if (folderId !== null) await readFolder(db, folderId);
    return fileRuns(db, runIds, folderId);
  });
}

/** Delete a folder and the folders inside it; their runs move to "No folder". Returns how many runs moved. */
export function deleteFolder(db: PromptRunsDB, id: string): Promise<Result<number>> {
  return mutate(db, ['folders', 'runFolders'], async () => {
    const folder = await readFolder(db, id);
    const inside = (await activeFolders(db)).filter((f) => f.parent_id === id);
    const gone = [folder, ...inside];
    await patchFolders(db, gone.map((f) => [f, { status: 'deleted' }] as [Folder, { status: 'deleted' }]));
    const filed = await db.runFolders.where('folder_id').anyOf(gone.map((f) => f.id)).primaryKeys();
    return fileRuns(db, filed as string[], null);
  });
}

/** Active folders as shown (top level, each with its children). */
export async function listFolderTree(db: PromptRunsDB): Promise<FolderNode[]> {
  return folderTree(await db.folders.toArray());
}

/** Where each filed run shows (run id → folder id); runs absent are in "No folder". */
export async function foldersByRun(db: PromptRunsDB): Promise<Map<string, string>> {
  const [rows, folders] = await Promise.all([db.runFolders.toArray(), db.folders.toArray()]);
  const index = new Map(folders.map((f) => [f.id, f]));
  const out = new Map<string, string>();
  for (const row of rows) {
    const folder = effectiveFolderId(row.folder_id, index);
    if (folder) out.set(row.run_id, folder);
  }
  return out;
}

/** Run ids shown in a folder (read off the folder index). */
export async function runIdsInFolder(db: PromptRunsDB, folderId: string): Promise<Set<string>> {
  const folder = await db.folders.get(folderId);
  if (folder?.status !== 'active') return new Set();
  return new Set((await db.runFolders.where('folder_id').equals(folderId).primaryKeys()) as string[]);
}
