// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import type { PromptRunsDB } from '@sync/db';
import { freshDb } from '@sync/test-support';
import { createPrompt, deletePrompt } from '@sync/store/prompts';
import { createRun } from '@sync/store/runs';
import { addTagByName, tagsByItem } from '@sync/store/tags';
import { createFolder, foldersByRun, moveRunsToFolder } from '@sync/store/folders';
import { DbProvider } from '@/lib/data/db-context';
import { SettingsPage } from './settings-page';

let db: PromptRunsDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => {
  cleanup();
  db.close();
});

const ok = <T,>(r: { ok: true; value: T } | { ok: false; error: Error }): T => {
  if (!r.ok) throw r.error;
  return r.value;
};

async function twoRuns() {
  const prompt = ok(await createPrompt(db, { name: 'P' }));
  const make = async (name: string) => ok(await createRun(db, prompt.id, { name, variable_values: {}, settings: { provider: 'echo', model_id: 'echo' }, messages: [] }));
  return [await make('One'), await make('Two')] as const;
}

function renderPage() {
  render(
    <DbProvider db={db}>
      <MemoryRouter>
        <SettingsPage />
      </MemoryRouter>
    </DbProvider>,
  );
}

describe('Settings → Tags', () => {
  it('renames a tag (a name in use is refused in words), colours it, and deletes it from every run', async () => {
    const [one, two] = await twoRuns();
    ok(await addTagByName(db, 'run', [one.id, two.id], 'travel'));
    ok(await addTagByName(db, 'run', [one.id], 'work'));
    renderPage();
    const section = await screen.findByRole('region', { name: 'Tags' });
    await waitFor(() => expect(section).toHaveTextContent('travel2 runs'));
    expect(section).toHaveTextContent('work1 run');

    await userEvent.click(within(section).getByRole('button', { name: 'Rename travel' }));
    const field = within(section).getByRole('textbox', { name: 'New name for travel' });
    await userEvent.clear(field);
    await userEvent.type(field, 'Work{Enter}');
    expect(await within(section).findByRole('alert')).toHaveTextContent('A tag named “work” already exists.');
    await userEvent.clear(field);
    await userEvent.type(field, 'Trips{Enter}');
    await waitFor(() => expect(within(section).getByRole('button', { name: 'Rename Trips' })).toBeInTheDocument());

    await userEvent.selectOptions(within(section).getByRole('combobox', { name: 'Colour of Trips' }), 'Green');
    await waitFor(() => expect(within(section).getByText('Trips')).toHaveClass('bg-green-100'));

    await userEvent.click(within(section).getByRole('button', { name: 'Delete Trips' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete tag?' });
    expect(confirm).toHaveTextContent('“Trips” will be removed from 2 runs. The runs stay.');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete tag' }));
    await waitFor(() => expect(within(section).queryByText('Trips')).toBeNull());
    expect([...(await tagsByItem(db, 'run')).values()].flat()).toHaveLength(1); // work, on One
  });
});

describe('Settings → Tags, on prompts too', () => {
  it('counts the runs and prompts carrying each tag, and a rename or delete reaches the prompts', async () => {
    const [one, two] = await twoRuns();
    const trip = ok(await createPrompt(db, { name: 'Trip planner' }));
    const recipe = ok(await createPrompt(db, { name: 'Recipe' }));
    const gone = ok(await createPrompt(db, { name: 'Deleted prompt' }));
    ok(await addTagByName(db, 'run', [one.id, two.id], 'travel'));
    ok(await addTagByName(db, 'prompt', [trip.id], 'travel'));
    ok(await addTagByName(db, 'prompt', [trip.id, recipe.id, gone.id], 'ideas'));
    ok(await deletePrompt(db, gone.id)); // a prompt no longer in the library is not counted
    ok(await addTagByName(db, 'run', [one.id], 'solo'));
    renderPage();
    const section = await screen.findByRole('region', { name: 'Tags' });
    await waitFor(() => expect(section).toHaveTextContent('travel2 runs, 1 prompt'));
    expect(section).toHaveTextContent('ideas2 prompts');
    expect(section).toHaveTextContent('solo1 run');

    await userEvent.click(within(section).getByRole('button', { name: 'Rename travel' }));
    const field = within(section).getByRole('textbox', { name: 'New name for travel' });
    await userEvent.clear(field);
    await userEvent.type(field, 'Trips{Enter}');
    await waitFor(() => expect(section).toHaveTextContent('Trips2 runs, 1 prompt'));
    const names = async (itemId: string) => {
      const ids = (await tagsByItem(db, 'prompt')).get(itemId) ?? [];
      return (await db.tags.bulkGet(ids)).map((t) => t?.name).sort();
    };
    expect(await names(trip.id)).toEqual(['Trips', 'ideas']);

    await userEvent.click(within(section).getByRole('button', { name: 'Delete Trips' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete tag?' });
    expect(confirm).toHaveTextContent('“Trips” will be removed from 2 runs and 1 prompt. The runs and prompts stay.');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete tag' }));
    await waitFor(() => expect(within(section).queryByText('Trips')).toBeNull());
    expect(await names(trip.id)).toEqual(['ideas']);

    await userEvent.click(within(section).getByRole('button', { name: 'Delete ideas' }));
    expect(await screen.findByRole('alertdialog', { name: 'Delete tag?' })).toHaveTextContent('“ideas” will be removed from 2 prompts. The prompts stay.');
  });
});

describe('Settings → Folders', () => {
  it('makes, nests, reorders, renames and deletes folders; a deleted folder’s runs go to No folder', async () => {
    const [one, two] = await twoRuns();
    renderPage();
    const section = await screen.findByRole('region', { name: 'Folders' });
    await within(section).findByText(/No folders yet/);
    const name = within(section).getByRole('textbox', { name: 'New folder name' });
    for (const folder of ['Trips', 'Work', 'Spain']) {
      await userEvent.type(name, `${folder}{Enter}`);
      await within(section).findByRole('link', { name: `Open ${folder}, 0 runs` });
    }
    const list = () => within(section).getAllByRole('link').map((a) => a.getAttribute('aria-label'));
    await userEvent.selectOptions(within(section).getByRole('combobox', { name: 'Place of Spain' }), 'Inside Trips');
    await waitFor(() => expect(list()).toEqual(['Open Trips, 0 runs', 'Open Spain, 0 runs', 'Open Work, 0 runs']));
    // A folder with one inside stays at the top level.
    expect(within(section).getByRole('combobox', { name: 'Place of Trips' })).toBeDisabled();
    await userEvent.click(within(section).getByRole('button', { name: 'Move Work up' }));
    await waitFor(() => expect(list()).toEqual(['Open Work, 0 runs', 'Open Trips, 0 runs', 'Open Spain, 0 runs']));

    const tree = await createFolder(db, 'unused'); // ids for moving runs in
    ok(tree);
    const trips = (await db.folders.toArray()).find((f) => f.name === 'Trips')!;
    const spain = (await db.folders.toArray()).find((f) => f.name === 'Spain')!;
    ok(await moveRunsToFolder(db, [one.id], trips.id));
    ok(await moveRunsToFolder(db, [two.id], spain.id));
    await within(section).findByRole('link', { name: 'Open Trips, 1 run' });
    expect(within(section).getByRole('link', { name: 'Open Trips, 1 run' })).toHaveAttribute('href', `/ai/prompts/runs?folder=${trips.id}`);

    await userEvent.click(within(section).getByRole('button', { name: 'Rename Work' }));
    const field = within(section).getByRole('textbox', { name: 'New name for Work' });
    await userEvent.clear(field);
    await userEvent.type(field, 'Office{Enter}');
    await within(section).findByRole('link', { name: 'Open Office, 0 runs' });

    await userEvent.click(within(section).getByRole('button', { name: 'Delete Trips' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete folder?' });
    expect(confirm).toHaveTextContent('“Trips” and the folders inside it will be deleted. 2 runs will move to No folder; no run is deleted.');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete folder' }));
    await waitFor(() => expect(list()).toEqual(['Open Office, 0 runs', 'Open unused, 0 runs']));
    expect((await foldersByRun(db)).size).toBe(0);
    expect(await db.runs.count()).toBe(2);
  });
});
