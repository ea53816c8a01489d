// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PromptRunsDB } from '@sync/db';
import { addTagByName } from '@sync/store/tags';
import { createFolder, deleteFolder, moveRunsToFolder } from '@sync/store/folders';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addRun, NOW, renderLibrary } from './test/render-library';

let db: PromptRunsDB;
let restoreLayout: () => void;

beforeEach(() => {
  db = freshDb();
  restoreLayout = installLayout();
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  restoreLayout();
  db.close();
});

const runNames = () => screen.queryAllByRole('listitem').filter((li) => li.hasAttribute('aria-label')).map((li) => li.getAttribute('aria-label'));
const ok = <T,>(r: { ok: true; value: T } | { ok: false; error: Error }): T => {
  if (!r.ok) throw r.error;
  return r.value;
};

async function openMenu(name: string, item: string) {
  await userEvent.click(within(screen.getByRole('listitem', { name })).getByRole('button', { name: `More actions for ${name}` }));
  await userEvent.click(await screen.findByRole('menuitem', { name: item }));
}

describe('tags in the runs list', () => {
  it('adds a tag from the row menu with suggestions of existing tags, shows it on the row, removes it', async () => {
    const trip = await addRun(db, 'Trip', { ago: 1000 });
    await addRun(db, 'Recipe', { ago: 2000 });
    ok(await addTagByName(db, 'run', [trip.id], 'travel'));
    renderLibrary(db, { promptId: 'p1' });
    await waitFor(() => expect(runNames()).toEqual(['Trip', 'Recipe']));
    expect(within(screen.getByRole('listitem', { name: 'Trip' })).getByRole('group', { name: 'Tags: travel' })).toBeInTheDocument();

    await openMenu('Recipe', 'Tags');
    const dialog = await screen.findByRole('dialog', { name: 'Tags of “Recipe”' });
    expect(within(dialog).getByText('No tags yet.')).toBeInTheDocument();
    const box = within(dialog).getByRole('combobox', { name: 'Tag' });
    await userEvent.type(box, 'tra');
    const option = within(dialog).getByRole('option', { name: 'travel' });
    await userEvent.keyboard('{ArrowDown}');
    expect(option).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(within(dialog).getByRole('list', { name: 'Tags' })).toHaveTextContent('travel'));
    // A new one by typing it out.
    await userEvent.type(box, 'Food{Enter}');
    await waitFor(() => expect(within(dialog).getByRole('list', { name: 'Tags' })).toHaveTextContent('Food'));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(within(screen.getByRole('listitem', { name: 'Recipe' })).getByRole('group', { name: 'Tags: Food, travel' })).toBeInTheDocument());

    await openMenu('Recipe', 'Tags');
    const again = await screen.findByRole('dialog', { name: 'Tags of “Recipe”' });
    await userEvent.click(within(again).getByRole('button', { name: 'Remove tag Food' }));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(within(screen.getByRole('listitem', { name: 'Recipe' })).getByRole('group', { name: 'Tags: travel' })).toBeInTheDocument());
  });

  it('filters by one or more tags, and by tag:name in the search box; bulk Tag tags every selected run', async () => {
    const a = await addRun(db, 'Lisbon', { ago: 1000 });
    const b = await addRun(db, 'Porto', { ago: 2000 });
    await addRun(db, 'Bread', { ago: 3000 });
    ok(await addTagByName(db, 'run', [a.id, b.id], 'travel'));
    ok(await addTagByName(db, 'run', [a.id], 'Road trip'));
    renderLibrary(db, { promptId: 'p1' });
    await waitFor(() => expect(runNames()).toHaveLength(3));

    await userEvent.click(screen.getByRole('button', { name: 'Filter by tag' }));
    await userEvent.click(await screen.findByRole('menuitemcheckbox', { name: 'travel' }));
    await waitFor(() => expect(runNames()).toEqual(['Lisbon', 'Porto']));
    await userEvent.click(screen.getByRole('menuitemcheckbox', { name: 'Road trip' }));
    await waitFor(() => expect(runNames()).toEqual(['Lisbon']));
    await userEvent.click(screen.getByRole('menuitem', { name: 'Clear tags' }));
    await waitFor(() => expect(runNames()).toHaveLength(3));

    const search = screen.getByRole('searchbox', { name: 'Search runs' });
    await userEvent.type(search, 'tag:TRAVEL');
    await waitFor(() => expect(runNames()).toEqual(['Lisbon', 'Porto']));
    await userEvent.clear(search);
    await userEvent.type(search, 'tag:"road trip" lisbon');
    await waitFor(() => expect(runNames()).toEqual(['Lisbon']));
    await userEvent.clear(search);
    await userEvent.type(search, 'tag:nothing');
    expect(await screen.findByText('No runs found')).toBeInTheDocument();
    await userEvent.clear(search);

    await waitFor(() => expect(runNames()).toHaveLength(3));
    await userEvent.click(screen.getByRole('button', { name: 'Select' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select Porto' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select Bread' }));
    await userEvent.click(within(screen.getByRole('toolbar', { name: 'Selected runs' })).getByRole('button', { name: 'Tag' }));
    const dialog = await screen.findByRole('dialog', { name: 'Tags of 2 runs' });
    expect(dialog).toHaveTextContent('(1 of 2)'); // travel is on Porto only
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Tag' }), 'weekend{Enter}');
    await userEvent.keyboard('{Escape}');
    await userEvent.type(search, 'tag:weekend');
    await waitFor(() => expect(runNames()).toEqual(['Porto', 'Bread']));
  });
});

describe('folders in the runs list', () => {
  it('moves a run by its menu and several by the bulk bar; the Folder filter shows a folder, No folder, or all', async () => {
    await addRun(db, 'Lisbon', { ago: 1000 });
    await addRun(db, 'Porto', { ago: 2000 });
    await addRun(db, 'Bread', { ago: 3000 });
    const trips = ok(await createFolder(db, 'Trips'));
    ok(await createFolder(db, 'Spain', trips.id));
    renderLibrary(db, { promptId: 'p1' });
    await waitFor(() => expect(runNames()).toHaveLength(3));

    await openMenu('Lisbon', 'Move to folder');
    const dialog = await screen.findByRole('dialog', { name: 'Move “Lisbon” to a folder' });
    expect(within(dialog).getByRole('radio', { name: 'No folder' })).toBeChecked();
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Trips' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Move' }));
    expect(await screen.findByText('Run moved to “Trips”.')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Select' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select Porto' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select Bread' }));
    await userEvent.click(within(screen.getByRole('toolbar', { name: 'Selected runs' })).getByRole('button', { name: 'Move to folder' }));
    const bulk = await screen.findByRole('dialog', { name: 'Move 2 runs to a folder' });
    // A new folder made right here, then chosen.
    await userEvent.click(within(bulk).getByRole('button', { name: 'New folder' }));
    await userEvent.type(within(bulk).getByRole('textbox', { name: 'Folder name' }), 'Food{Enter}');
    await waitFor(() => expect(within(bulk).getByRole('radio', { name: 'Food' })).toBeChecked());
    await userEvent.click(within(bulk).getByRole('button', { name: 'Move' }));
    expect(await screen.findByText('2 runs moved to “Food”.')).toBeInTheDocument();

    const folder = screen.getByRole('combobox', { name: 'Folder' });
    expect(within(folder).getAllByRole('option').map((o) => o.textContent?.trim())).toEqual(['All folders', 'No folder', 'Trips', 'Spain', 'Food']);
    await userEvent.selectOptions(folder, 'Trips');
    await waitFor(() => expect(runNames()).toEqual(['Lisbon']));
    await userEvent.selectOptions(folder, 'No folder');
    expect(await screen.findByText('No runs found')).toBeInTheDocument();
    await userEvent.selectOptions(folder, within(folder).getByRole('option', { name: 'Spain' }));
    expect(await screen.findByText('No runs in this folder')).toBeInTheDocument();
    await userEvent.selectOptions(folder, 'All folders');
    await waitFor(() => expect(runNames()).toHaveLength(3));
  });

  it('reads the folder from the page address (a deep link) and writes the choice back to it; a folder deleted since says so', async () => {
    const a = await addRun(db, 'Lisbon', { ago: 1000 });
    await addRun(db, 'Bread', { ago: 2000 });
    const trips = ok(await createFolder(db, 'Trips'));
    ok(await moveRunsToFolder(db, [a.id], trips.id));
    renderLibrary(db, { promptId: 'p1', folderInUrl: true }, `/?folder=${trips.id}`);
    await waitFor(() => expect(runNames()).toEqual(['Lisbon']));
    expect(screen.getByRole('combobox', { name: 'Folder' })).toHaveDisplayValue('Trips');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Folder' }), 'No folder');
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Location' })).toHaveValue('/?folder=none'));
    await waitFor(() => expect(runNames()).toEqual(['Bread']));
    ok(await deleteFolder(db, trips.id));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Folder' }), 'All folders');
    cleanup();
    renderLibrary(db, { promptId: 'p1', folderInUrl: true }, `/?folder=${trips.id}`);
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Folder' })).toHaveDisplayValue('Folder not found'));
  });
});
