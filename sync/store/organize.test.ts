import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, makeMessage, unwrap } from '../test-support';
import type { PromptRunsDB } from '../db';
import { createPrompt, updatePrompt } from './prompts';
import { createRun, describeRun, renameRun, starRun } from './runs';
import { addTagByName, deleteTag, listTags, renameTag, runIdsWithTags, setTagOn, tagIdsNamed, tagsByItem } from './tags';
import { createFolder, deleteFolder, foldersByRun, listFolderTree, moveRunsToFolder, nestFolder, renameFolder, reorderFolder, runIdsInFolder } from './folders';
import { getPromptVersion, listPromptVersions, listRunVersions, promptDiffersFrom } from './versions';
import { listOutbox } from './outbox';
import { ORGANIZE_TABLES } from '../model';

let db: PromptRunsDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

async function setup(n = 3) {
  const prompt = await createPrompt(db, { name: 'P', user_template: 'Say {{x}}', variables: [{ name: 'x', default_value: 'hi' }] });
  if (!prompt.ok) throw prompt.error;
  const runs = [];
  for (let i = 0; i < n; i += 1) {
    const run = await createRun(db, prompt.value.id, { name: `Run ${i}`, variable_values: { x: 'hi' }, settings: { provider: 'echo', model_id: 'echo' }, messages: [makeMessage('', 'user', `m${i}`, null)] });
    if (!run.ok) throw run.error;
    runs.push(run.value);
  }
  return { prompt: prompt.value, runs };
}
const held = async () => (await listOutbox(db)).filter((e) => (ORGANIZE_TABLES as readonly string[]).includes(e.table));

describe('tags', () => {
  it('add by name (autocreating once, case-insensitively), filter by one or more, remove; every change queued', async () => {
    const { runs } = await setup();
    const travel = unwrap(await addTagByName(db, 'run', [runs[0]!.id, runs[1]!.id], 'Travel'));
    expect(travel).toMatchObject({ created: true, added: 2 });
    expect(unwrap(await addTagByName(db, 'run', [runs[1]!.id], ' travel '))).toMatchObject({ created: false, added: 0 });
    const work = unwrap(await addTagByName(db, 'run', [runs[1]!.id, runs[2]!.id], 'work'));
    expect((await listTags(db)).map((t) => t.name)).toEqual(['Travel', 'work']);
    expect([...(await runIdsWithTags(db, [travel.tag.id]))].sort()).toEqual([runs[0]!.id, runs[1]!.id].sort());
    expect([...(await runIdsWithTags(db, [travel.tag.id, work.tag.id]))]).toEqual([runs[1]!.id]);
    expect(await tagIdsNamed(db, ['TRAVEL'])).toEqual([travel.tag.id]);
    expect(await tagIdsNamed(db, ['nope'])).toBeNull();
    unwrap(await setTagOn(db, 'run', [runs[0]!.id], travel.tag.id, false));
    expect([...(await runIdsWithTags(db, [travel.tag.id]))]).toEqual([runs[1]!.id]);
    // A removal is a tombstone with its own clock, not a deleted row.
    expect(await db.runTags.get([runs[0]!.id, travel.tag.id])).toMatchObject({ present: false });
    const keys = (await held()).map((e) => e.key);
    expect(keys).toEqual(expect.arrayContaining([`tags:${travel.tag.id}`, `runTags:${runs[0]!.id}/${travel.tag.id}`, `runTags:${runs[2]!.id}/${work.tag.id}`]));
  });

  it('two devices making the same tag offline make one id; a renamed tag’s id is not reused', async () => {
    const other = freshDb();
    const { runs } = await setup(1);
    const here = unwrap(await addTagByName(db, 'run', [runs[0]!.id], 'Recipes'));
    const there = unwrap(await addTagByName(other, 'prompt', ['p'], 'recipes'));
    expect(there.tag.id).toBe(here.tag.id);
    other.close();
    unwrap(await renameTag(db, here.tag.id, 'Cooking'));
    const again = unwrap(await addTagByName(db, 'run', [runs[0]!.id], 'Recipes'));
    expect(again.tag.id).not.toBe(here.tag.id);
  });

  it('rename everywhere refuses a name in use; delete removes it from every run and prompt', async () => {
    const { prompt, runs } = await setup(2);
    const a = unwrap(await addTagByName(db, 'run', [runs[0]!.id, runs[1]!.id], 'a'));
    unwrap(await addTagByName(db, 'prompt', [prompt.id], 'a'));
    unwrap(await addTagByName(db, 'run', [runs[0]!.id], 'b'));
    const clash = await renameTag(db, a.tag.id, 'B');
    expect(!clash.ok && clash.error.message).toBe('A tag named “b” already exists.');
    unwrap(await renameTag(db, a.tag.id, 'Alpha'));
    expect((await tagsByItem(db, 'run')).get(runs[1]!.id)).toEqual([a.tag.id]);
    unwrap(await deleteTag(db, a.tag.id));
    expect((await listTags(db)).map((t) => t.name)).toEqual(['b']);
    expect((await tagsByItem(db, 'run')).get(runs[1]!.id)).toBeUndefined();
    expect((await tagsByItem(db, 'prompt')).get(prompt.id)).toBeUndefined();
    expect(await db.promptTags.get([prompt.id, a.tag.id])).toMatchObject({ present: false });
  });
});

describe('folders', () => {
  it('create, nest one level, reorder, move runs by menu or in bulk, delete moves runs to No folder', async () => {
    const { runs } = await setup(3);
    const trips = unwrap(await createFolder(db, 'Trips'));
    const work = unwrap(await createFolder(db, 'Work'));
    const japan = unwrap(await createFolder(db, 'Japan', trips.id));
    const nested = await createFolder(db, 'Too deep', japan.id);
    expect(!nested.ok && nested.error.message).toMatch(/one level/);
    expect(!(await nestFolder(db, trips.id, work.id)).ok).toBe(true); // has a child: stays at the top
    unwrap(await reorderFolder(db, work.id, -1));
    unwrap(await renameFolder(db, work.id, 'Job'));
    expect((await listFolderTree(db)).map((n) => [n.folder.name, n.children.map((c) => c.name)])).toEqual([['Job', []], ['Trips', ['Japan']]]);
    expect(unwrap(await moveRunsToFolder(db, [runs[0]!.id, runs[1]!.id], japan.id))).toBe(2);
    unwrap(await moveRunsToFolder(db, [runs[2]!.id], work.id));
    expect([...(await runIdsInFolder(db, japan.id))].sort()).toEqual([runs[0]!.id, runs[1]!.id].sort());
    // Last move wins: one folder per run.
    unwrap(await moveRunsToFolder(db, [runs[1]!.id], work.id));
    expect((await foldersByRun(db)).get(runs[1]!.id)).toBe(work.id);
    expect(unwrap(await deleteFolder(db, trips.id))).toBe(1); // and Japan inside it
    expect((await listFolderTree(db)).map((n) => n.folder.name)).toEqual(['Job']);
    expect((await foldersByRun(db)).has(runs[0]!.id)).toBe(false);
    expect(await db.runs.get(runs[0]!.id)).toBeDefined();
    expect((await held()).some((e) => e.key === `runFolders:${runs[0]!.id}`)).toBe(true);
  });

  it('a run filed (on another device) in a folder deleted here shows in No folder', async () => {
    const { runs } = await setup(1);
    const f = unwrap(await createFolder(db, 'Gone'));
    unwrap(await deleteFolder(db, f.id));
    await db.runFolders.put({ run_id: runs[0]!.id, folder_id: f.id, updated_at: '2030-01-01T00:00:00.000Z', field_updated_at: { folder_id: '2030-01-01T00:00:00.000Z' } });
    expect((await foldersByRun(db)).has(runs[0]!.id)).toBe(false);
    const moved = await moveRunsToFolder(db, [runs[0]!.id], f.id);
    expect(!moved.ok && moved.error.reason).toBe('not_found');
  });
});

describe('edit history', () => {
  it('every saved prompt edit is a version (with a baseline before the first), a star is not; runs record their start version', async () => {
    const { prompt, runs } = await setup(1);
    expect((await listPromptVersions(db, prompt.id))).toHaveLength(1); // made
    expect(runs[0]!.prompt_version_id).toBe((await listPromptVersions(db, prompt.id))[0]!.id);
    unwrap(await updatePrompt(db, prompt.id, { user_template: 'Shout {{x}}' }));
    const versions = await listPromptVersions(db, prompt.id);
    expect(versions.map((v) => v.snapshot.user_template)).toEqual(['Shout {{x}}', 'Say {{x}}']);
    expect(versions[0]!.device_id).toBeTruthy();
    const current = (await db.prompts.get(prompt.id))!;
    const started = unwrap(await getPromptVersion(db, runs[0]!.prompt_version_id as string));
    expect(promptDiffersFrom(current, started.snapshot)).toBe(true);
    expect(promptDiffersFrom(current, versions[0]!.snapshot)).toBe(false);
  });

  it('run renames and descriptions are versions (after a baseline); other edits are not', async () => {
    const { runs } = await setup(1);
    const id = runs[0]!.id;
    unwrap(await starRun(db, id, true));
    expect(await listRunVersions(db, id)).toHaveLength(0);
    unwrap(await renameRun(db, id, 'Better name'));
    unwrap(await describeRun(db, id, 'Why it matters'));
    expect((await listRunVersions(db, id)).map((v) => v.snapshot)).toEqual([
      { name: 'Better name', description: 'Why it matters' },
      { name: 'Better name', description: '' },
      { name: 'Run 0', description: '' },
    ]);
  });
});
