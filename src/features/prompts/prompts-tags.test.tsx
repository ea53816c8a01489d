// @vitest-environment jsdom
// Tags in the prompt library: each prompt shows its tags, "Add tag" opens the tags dialog (suggesting tags
// already used on runs), and "Filter by tag" narrows the library to the prompts carrying every tag ticked.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { PromptRunsDB } from '@sync/db';
import { ensureExamplePrompts } from '@sync/store/example-prompts';
import { listPrompts } from '@sync/store/prompts';
import { createRun } from '@sync/store/runs';
import { addTagByName, deleteTag, setTagOn, tagsByItem } from '@sync/store/tags';
import { AccountProvider } from '@/lib/account/account-context';
import { routes } from '@/app/routes';
import { freshDb } from '@/test/fresh-db';

beforeAll(async () => {
  await Promise.all([import('./prompts-page'), import('@/components/organize/tags-dialog'), import('@/components/organize/tag-filter')]);
});
let db: PromptRunsDB;
afterEach(() => {
  cleanup();
  db.close();
});

const ok = <T,>(r: { ok: true; value: T } | { ok: false; error: Error }): T => {
  if (!r.ok) throw r.error;
  return r.value;
};
const card = (name: string) => screen.getByRole('listitem', { name });
const shownPrompts = () => within(screen.getByRole('list', { name: 'Prompt library' })).getAllByRole('heading').map((h) => h.textContent);

async function library() {
  db = freshDb();
  await ensureExamplePrompts(db);
  const byName = new Map((await listPrompts(db)).map((p) => [p.name, p.id]));
  render(
    <AccountProvider db={db}>
      <RouterProvider router={createMemoryRouter(routes, { initialEntries: ['/ai/prompts'] })} />
    </AccountProvider>,
  );
  await screen.findByRole('listitem', { name: 'Free chat' });
  return (name: string) => byName.get(name)!;
}

describe('tags in the prompt library', () => {
  it('adds a tag to a prompt from its card, suggesting tags used on runs, shows it, and removes it', async () => {
    const idOf = await library();
    const run = ok(await createRun(db, idOf('Free chat'), { name: 'A run', variable_values: {}, settings: { provider: 'echo', model_id: 'echo' }, messages: [] }));
    ok(await addTagByName(db, 'run', [run.id], 'travel'));
    expect(screen.queryByRole('button', { name: 'Filter by tag' })).toBeNull(); // no prompt carries a tag yet

    await userEvent.click(within(card('Polish my writing')).getByRole('button', { name: 'Add tag' }));
    const dialog = await screen.findByRole('dialog', { name: 'Tags of “Polish my writing”' });
    expect(within(dialog).getByText('No tags yet.')).toBeInTheDocument();
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Tag' }), 'tr');
    await userEvent.click(within(dialog).getByRole('option', { name: 'travel' }));
    await waitFor(() => expect(within(dialog).getByRole('list', { name: 'Tags' })).toHaveTextContent('travel'));
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Tag' }), 'Writing{Enter}');
    await waitFor(() => expect(within(dialog).getByRole('list', { name: 'Tags' })).toHaveTextContent('Writing'));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    expect(await within(card('Polish my writing')).findByRole('group', { name: 'Tags: travel, Writing' })).toBeInTheDocument();
    expect(within(card('Free chat')).queryByRole('group', { name: /^Tags:/ })).toBeNull();
    expect([...(await tagsByItem(db, 'prompt')).keys()]).toEqual([idOf('Polish my writing')]);

    await userEvent.click(within(card('Polish my writing')).getByRole('button', { name: 'Add tag' }));
    const again = await screen.findByRole('dialog', { name: 'Tags of “Polish my writing”' });
    await userEvent.click(within(again).getByRole('button', { name: 'Remove tag travel' }));
    await waitFor(() => expect(within(again).getByRole('list', { name: 'Tags' })).not.toHaveTextContent('travel'));
    await userEvent.keyboard('{Escape}');
    expect(await within(card('Polish my writing')).findByRole('group', { name: 'Tags: Writing' })).toBeInTheDocument();
  });

  it('filters by one or more tags (prompts carrying all of them), counts what is shown, and says when none carries them', async () => {
    const idOf = await library();
    ok(await addTagByName(db, 'prompt', [idOf('Free chat'), idOf('Polish my writing')], 'daily'));
    ok(await addTagByName(db, 'prompt', [idOf('Polish my writing')], 'work'));
    ok(await addTagByName(db, 'run', [], 'only on runs'));

    await userEvent.click(await screen.findByRole('button', { name: 'Filter by tag' }));
    // Only the tags some prompt carries are offered.
    expect(screen.getAllByRole('menuitemcheckbox').map((i) => i.textContent)).toEqual(['daily', 'work']);
    await userEvent.click(screen.getByRole('menuitemcheckbox', { name: 'daily' }));
    await waitFor(() => expect(shownPrompts()).toHaveLength(2));
    expect(shownPrompts()).not.toContain('Explain like I am new');
    expect(screen.getByText('Showing 2 of 3 prompts')).toHaveRole('status');
    await userEvent.click(screen.getByRole('menuitemcheckbox', { name: 'work' }));
    await waitFor(() => expect(shownPrompts()).toEqual(['Polish my writing']));
    expect(screen.getByText('Showing 1 of 3 prompts')).toHaveRole('status');
    await userEvent.keyboard('{Escape}');
    expect(screen.getByRole('button', { name: 'Filter by tag: daily, work' })).toBeInTheDocument();

    // Its last tagged prompt loses the tag: the list says so and offers the way back.
    ok(await setTagOn(db, 'prompt', [idOf('Polish my writing')], (await tagId('work'))!, false));
    expect(await screen.findByText('No prompt carries all of these tags.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show all prompts' }));
    await waitFor(() => expect(shownPrompts()).toHaveLength(3));
    expect(screen.getByRole('button', { name: 'Filter by tag' })).toBeInTheDocument();

    // A ticked tag deleted (Settings, another device) stops narrowing the list.
    await userEvent.click(screen.getByRole('button', { name: 'Filter by tag' }));
    await userEvent.click(screen.getByRole('menuitemcheckbox', { name: 'daily' }));
    await waitFor(() => expect(shownPrompts()).toHaveLength(2));
    await userEvent.keyboard('{Escape}');
    ok(await deleteTag(db, (await tagId('daily'))!));
    await waitFor(() => expect(shownPrompts()).toHaveLength(3));
    expect(screen.queryByRole('button', { name: /^Filter by tag/ })).toBeNull();
  });
});

async function tagId(name: string) {
  return (await db.tags.toArray()).find((t) => t.name === name && t.status === 'active')?.id;
}
