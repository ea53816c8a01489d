import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb } from '../test-support';
import type { PromptRunsDB } from '../db';
import { ensureExamplePrompts } from './example-prompts';
import { createPrompt, deletePrompt, duplicatePrompt, getPrompt, listPrompts, updatePrompt } from './prompts';
import { listOutbox } from './outbox';
import { listPromptVersions } from './versions';
import { addTagByName, deleteTag, setTagOn, tagsByItem } from './tags';

let db: PromptRunsDB;
beforeEach(() => { db = freshDb(); });
afterEach(() => db.close());

describe('prompts', () => {
  it('create, update, duplicate and delete, each queued for sync', async () => {
    const created = await createPrompt(db, { name: 'Greeter', user_template: 'Hi {{name}}', variables: [{ name: 'name', default_value: 'Ada' }] });
    if (!created.ok) throw created.error;
    const updated = await updatePrompt(db, created.value.id, { description: 'Says hi' });
    expect(updated.ok && updated.value.description).toBe('Says hi');
    const copy = await duplicatePrompt(db, created.value.id);
    expect(copy.ok && copy.value.name).toBe('Greeter (copy)');
    expect(copy.ok && copy.value.variables).toEqual([{ name: 'name', default_value: 'Ada' }]);
    await deletePrompt(db, created.value.id);
    expect((await listPrompts(db)).map((p) => p.name)).toEqual(['Greeter (copy)']);
    expect((await getPrompt(db, created.value.id))?.status).toBe('deleted');
    const entry = (await listOutbox(db)).find((e) => e.rowId === created.value.id);
    expect(entry?.fields).toEqual(expect.arrayContaining(['description', 'status']));
  });

  it('a duplicate keeps its original’s tags (not those taken off or deleted), queued with it', async () => {
    const created = await createPrompt(db, { name: 'Greeter' });
    if (!created.ok) throw created.error;
    const id = created.value.id;
    for (const name of ['work', 'removed', 'gone', 'kept']) await addTagByName(db, 'prompt', [id], name);
    const tagId = async (name: string) => (await db.tags.toArray()).find((t) => t.name === name)!.id;
    await setTagOn(db, 'prompt', [id], await tagId('removed'), false);
    await deleteTag(db, await tagId('gone'));
    const copy = await duplicatePrompt(db, id);
    if (!copy.ok) throw copy.error;
    const shown = (await tagsByItem(db, 'prompt')).get(copy.value.id) ?? [];
    expect(shown.sort()).toEqual([await tagId('kept'), await tagId('work')].sort());
    const queued = (await listOutbox(db)).filter((e) => e.table === 'promptTags' && e.rowId.startsWith(`${copy.value.id}/`));
    expect(queued).toHaveLength(2);
  });

  it('refuses an empty name', async () => {
    const result = await createPrompt(db, { name: '  ' });
    expect(!result.ok && result.error.reason).toBe('invalid_input');
    expect(await db.prompts.count()).toBe(0);
  });

  it('seeds the examples once, even if the user deleted them', async () => {
    await ensureExamplePrompts(db);
    const first = await listPrompts(db);
    expect(first.length).toBeGreaterThanOrEqual(2);
    await deletePrompt(db, first[0]!.id);
    await ensureExamplePrompts(db);
    expect((await listPrompts(db)).length).toBe(first.length - 1);
  });

  it('seeds each example with its first version, each queued after its prompt', async () => {
    await ensureExamplePrompts(db);
    const prompts = await listPrompts(db);
    expect(prompts.map((p) => p.name)).toEqual(['Free chat', 'Polish my writing', 'Explain like I am new']);
    const outbox = await listOutbox(db);
    expect(outbox).toHaveLength(6);
    for (const prompt of prompts) {
      const versions = await listPromptVersions(db, prompt.id);
      expect(versions.map((v) => v.snapshot.name)).toEqual([prompt.name]);
      const seq = (rowId: string) => outbox.find((e) => e.rowId === rowId)?.seq ?? Number.NaN;
      expect(seq(prompt.id)).toBeLessThan(seq(versions[0]!.id));
    }
  });

  it('skips a corrupt prompt record', async () => {
    await createPrompt(db, { name: 'Fine' });
    await db.prompts.put({ id: 'junk', updated_at: '2099-01-01T00:00:00Z' } as never);
    expect((await listPrompts(db)).map((p) => p.name)).toEqual(['Fine']);
  });
});
