// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, createEvent, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PromptRunsDB } from '@sync/db';
import { addTagByName } from '@sync/store/tags';
import { createFolder, deleteFolder, foldersByRun, moveRunsToFolder } from '@sync/store/folders';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addRun, NOW, renderLibrary } from './test/render-library';
import { RUN_DRAG_TYPE } from './run-drag';
import { resetRunsSidebar } from './runs-sidebar-state';

let db: PromptRunsDB;
let restoreLayout: () => void;
const realMatchMedia = window.matchMedia;

beforeEach(() => {
  db = freshDb();
  restoreLayout = installLayout();
  // A desktop: rows are dragged there (min-width queries match, the phone's max-width ones do not).
  window.matchMedia = (query: string) =>
    ({ matches: query.includes('min-width'), media: query, onchange: null, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, dispatchEvent: () => false }) as MediaQueryList;
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  window.matchMedia = realMatchMedia;
  restoreLayout();
  localStorage.clear();
  resetRunsSidebar();
  db.close();
});

const ok = <T,>(r: { ok: true; value: T } | { ok: false; error: Error }): T => {
  if (!r.ok) throw r.error;
  return r.value;
};
const runNames = () => screen.queryAllByRole('listitem').filter((li) => li.hasAttribute('aria-label')).map((li) => li.getAttribute('aria-label'));
const folders = () => within(screen.getByRole('list', { name: 'Folders of runs' })).getAllByRole('button').map((b) => b.getAttribute('aria-label'));

/** A browser's DataTransfer, as far as the app uses it. */
function dataTransfer() {
  const data = new Map<string, string>();
  return {
    get types() {
      return [...data.keys()];
    },
    setData: (type: string, value: string) => void data.set(type, value),
    getData: (type: string) => data.get(type) ?? '',
    dropEffect: 'none',
    effectAllowed: 'all',
  };
}

/** Drag a row (by its link, as a mouse does) and drop it on a folder; returns whether the folder took it. */
function drag(from: HTMLElement, to: HTMLElement, transfer = dataTransfer()): boolean {
  fireEvent.dragStart(from, { dataTransfer: transfer });
  fireEvent.dragEnter(to, { dataTransfer: transfer });
  const over = createEvent.dragOver(to, { dataTransfer: transfer });
  fireEvent(to, over);
  if (!over.defaultPrevented) {
    fireEvent.dragEnd(from, { dataTransfer: transfer });
    return false;
  }
  fireEvent.drop(to, { dataTransfer: transfer });
  fireEvent.dragEnd(from, { dataTransfer: transfer });
  return true;
}

describe('the sidebar’s folder view', () => {
  it('lists folders (nested, in order) and No folder with their runs; choosing one narrows the list, again shows all', async () => {
    const [a, b] = [await addRun(db, 'Lisbon', { ago: 1000 }), await addRun(db, 'Porto', { ago: 2000 })];
    await addRun(db, 'Bread', { ago: 3000 });
    const trips = ok(await createFolder(db, 'Trips'));
    const city = ok(await createFolder(db, 'City breaks', trips.id));
    ok(await createFolder(db, 'Recipes'));
    ok(await moveRunsToFolder(db, [a.id], trips.id));
    ok(await moveRunsToFolder(db, [b.id], city.id));
    renderLibrary(db, { promptId: 'p1', folderNav: true });
    await waitFor(() => expect(folders()).toEqual(['Trips, 1 run', 'City breaks, 1 run', 'Recipes, 0 runs', 'No folder, 1 run']));
    // The folder view chooses the folder: no second "Folder" choice in the toolbar.
    expect(screen.queryByRole('combobox', { name: 'Folder' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'City breaks, 1 run' }));
    await waitFor(() => expect(runNames()).toEqual(['Porto']));
    expect(screen.getByRole('button', { name: 'City breaks, 1 run' })).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(screen.getByRole('button', { name: 'No folder, 1 run' }));
    await waitFor(() => expect(runNames()).toEqual(['Bread']));
    await userEvent.click(screen.getByRole('button', { name: 'No folder, 1 run' }));
    await waitFor(() => expect(runNames()).toEqual(['Lisbon', 'Porto', 'Bread']));
    expect(screen.getByRole('button', { name: 'No folder, 1 run' })).toHaveAttribute('aria-pressed', 'false');

    // The folder chosen is deleted (here or elsewhere): the list shows every folder's runs again.
    await userEvent.click(screen.getByRole('button', { name: 'City breaks, 1 run' }));
    await waitFor(() => expect(runNames()).toEqual(['Porto']));
    ok(await deleteFolder(db, city.id));
    await waitFor(() => expect(runNames()).toEqual(['Lisbon', 'Porto', 'Bread']));
    expect(folders()).toEqual(['Trips, 1 run', 'Recipes, 0 runs', 'No folder, 2 runs']);

    // Folded away, kept so; unfolded again.
    await userEvent.click(screen.getByRole('button', { name: 'Folders' }));
    expect(screen.queryByRole('list', { name: 'Folders of runs' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Folders' })).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(screen.getByRole('button', { name: 'Folders' }));
    expect(screen.getByRole('list', { name: 'Folders of runs' })).toBeInTheDocument();
  });

  it('counts runs only while folders are listed: none with no folder, none while folded', async () => {
    // Counting reads the filing rows first: a spy on that read tells when it happens.
    const read = vi.spyOn(db.runFolders, 'toArray');
    await addRun(db, 'Lisbon', { ago: 1000 });
    renderLibrary(db, { promptId: 'p1', folderNav: true });
    await screen.findByText(/No folders yet/);
    await waitFor(() => expect(runNames()).toEqual(['Lisbon']));
    expect(read).not.toHaveBeenCalled();
    ok(await createFolder(db, 'Trips'));
    await waitFor(() => expect(folders()).toEqual(['Trips, 0 runs', 'No folder, 1 run']));
    expect(read).toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Folders' }));
    read.mockClear();
    await addRun(db, 'Porto', { ago: 500 });
    await waitFor(() => expect(runNames()).toEqual(['Porto', 'Lisbon']));
    expect(read).not.toHaveBeenCalled();
  });

  it('counts No folder up to 1,000 runs, and says "1,000+" past it', async () => {
    const at = (i: number) => new Date(NOW.getTime() - i * 60_000).toISOString();
    await db.runs.bulkPut(Array.from({ length: 1_002 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, prompt_id: 'p1', status: 'active', name: `Run ${i}`, description: '',
      settings: { provider: 'echo', model_id: 'echo' }, variable_values: {}, created_at: at(i), updated_at: at(i), last_message_at: at(i),
      message_count: 0, is_starred: false, is_pinned: false,
    })) as never[]);
    const trips = ok(await createFolder(db, 'Trips'));
    ok(await moveRunsToFolder(db, ['00000000-0000-4000-8000-000000000000'], trips.id));
    renderLibrary(db, { promptId: 'p1', folderNav: true });
    await waitFor(() => expect(folders()).toEqual(['Trips, 1 run', 'No folder, more than 1,000 runs']));
    expect(screen.getByRole('button', { name: 'No folder, more than 1,000 runs' })).toHaveTextContent('1,000+');
  });

  it('filters by one or more tags with the list’s tag filter; the counts follow the tags', async () => {
    const [a, b, c] = [await addRun(db, 'Lisbon', { ago: 1000 }), await addRun(db, 'Porto', { ago: 2000 }), await addRun(db, 'Bread', { ago: 3000 })];
    const trips = ok(await createFolder(db, 'Trips'));
    ok(await moveRunsToFolder(db, [a.id, b.id], trips.id));
    ok(await addTagByName(db, 'run', [a.id, b.id, c.id], 'weekend'));
    ok(await addTagByName(db, 'run', [a.id, c.id], 'sunny'));
    renderLibrary(db, { promptId: 'p1', folderNav: true });
    await waitFor(() => expect(folders()).toEqual(['Trips, 2 runs', 'No folder, 1 run']));
    for (const tag of ['weekend', 'sunny']) {
      await userEvent.click(screen.getByRole('button', { name: /^Filter by tag/ }));
      await userEvent.click(await screen.findByRole('menuitemcheckbox', { name: tag }));
      await userEvent.keyboard('{Escape}');
    }
    await waitFor(() => expect(runNames()).toEqual(['Lisbon', 'Bread']));
    await waitFor(() => expect(folders()).toEqual(['Trips, 1 run', 'No folder, 1 run']));
    await userEvent.click(screen.getByRole('button', { name: 'Trips, 1 run' }));
    await waitFor(() => expect(runNames()).toEqual(['Lisbon']));
  });

  it('moves a run dragged onto a folder or No folder, with the toast of Move to folder; counts follow', async () => {
    const a = await addRun(db, 'Lisbon', { ago: 1000 });
    await addRun(db, 'Porto', { ago: 2000 });
    const trips = ok(await createFolder(db, 'Trips'));
    renderLibrary(db, { promptId: 'p1', folderNav: true });
    await waitFor(() => expect(folders()).toEqual(['Trips, 0 runs', 'No folder, 2 runs']));
    // The row is what a mouse drags (its link is not, on its own); elsewhere the drag is the run's link.
    const link = () => screen.getByRole('listitem', { name: 'Lisbon' });
    expect(link()).toHaveAttribute('draggable', 'true');
    expect(within(link()).getByRole('link', { name: 'Lisbon' })).toHaveAttribute('draggable', 'false');

    // While runs are dragged, every folder shows it takes them.
    const transfer = dataTransfer();
    fireEvent.dragStart(link(), { dataTransfer: transfer });
    expect(transfer.getData('text/uri-list')).toBe(`${location.origin}/ai/prompts/run/p1/${a.id}`);
    expect(screen.getByRole('button', { name: 'Trips, 0 runs' })).toHaveAttribute('data-drop-target', 'ready');
    fireEvent.dragOver(screen.getByRole('button', { name: 'Trips, 0 runs' }), { dataTransfer: transfer });
    expect(screen.getByRole('button', { name: 'Trips, 0 runs' })).toHaveAttribute('data-drop-target', 'over');
    fireEvent.dragEnd(link(), { dataTransfer: transfer });
    expect(screen.getByRole('button', { name: 'Trips, 0 runs' })).not.toHaveAttribute('data-drop-target');

    expect(drag(link(), screen.getByRole('button', { name: 'Trips, 0 runs' }))).toBe(true);
    expect(await screen.findByText('Run moved to “Trips”.')).toBeInTheDocument();
    await waitFor(() => expect(folders()).toEqual(['Trips, 1 run', 'No folder, 1 run']));
    expect((await foldersByRun(db)).get(a.id)).toBe(trips.id);

    expect(drag(link(), screen.getByRole('button', { name: 'No folder, 1 run' }))).toBe(true);
    expect(await screen.findByText('Run moved to No folder.')).toBeInTheDocument();
    await waitFor(() => expect(folders()).toEqual(['Trips, 0 runs', 'No folder, 2 runs']));
    expect(drag(link(), screen.getByRole('button', { name: 'No folder, 2 runs' }))).toBe(true);
    expect(await screen.findByText('The run is already in No folder.')).toBeInTheDocument();

    // Anything else dragged (text, a file) is not taken.
    const text = dataTransfer();
    text.setData('text/plain', 'hello');
    fireEvent.dragOver(screen.getByRole('button', { name: 'Trips, 0 runs' }), { dataTransfer: text });
    const over = createEvent.dragOver(screen.getByRole('button', { name: 'Trips, 0 runs' }), { dataTransfer: text });
    fireEvent(screen.getByRole('button', { name: 'Trips, 0 runs' }), over);
    expect(over.defaultPrevented).toBe(false);
    expect(text.getData(RUN_DRAG_TYPE)).toBe('');
  });

  it('drags the whole selection when a selected row is dragged, and ends the selection', async () => {
    await addRun(db, 'Lisbon', { ago: 1000 });
    await addRun(db, 'Porto', { ago: 2000 });
    await addRun(db, 'Bread', { ago: 3000 });
    ok(await createFolder(db, 'Trips'));
    renderLibrary(db, { promptId: 'p1', folderNav: true });
    await waitFor(() => expect(runNames()).toHaveLength(3));
    await userEvent.click(screen.getByRole('button', { name: 'Select' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select Lisbon' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select Porto' }));
    act(() => void drag(screen.getByRole('listitem', { name: 'Porto' }), screen.getByRole('button', { name: 'Trips, 0 runs' })));
    expect(await screen.findByText('2 runs moved to “Trips”.')).toBeInTheDocument();
    await waitFor(() => expect(folders()).toEqual(['Trips, 2 runs', 'No folder, 1 run']));
    await waitFor(() => expect(screen.queryByRole('checkbox', { name: 'Select Lisbon' })).toBeNull());
  });

  it('rows are not dragged where there is no folder to drop them on: a phone, a list without the folder view', async () => {
    await addRun(db, 'Lisbon');
    renderLibrary(db, { promptId: 'p1' });
    expect(await screen.findByRole('listitem', { name: 'Lisbon' })).not.toHaveAttribute('draggable');
    cleanup();
    window.matchMedia = realMatchMedia;
    renderLibrary(db, { promptId: 'p1', folderNav: true });
    expect(await screen.findByRole('listitem', { name: 'Lisbon' })).not.toHaveAttribute('draggable');
  });

  it('says how to make a folder when there is none', async () => {
    await addRun(db, 'Lisbon');
    renderLibrary(db, { promptId: 'p1', folderNav: true });
    expect(await screen.findByText(/No folders yet/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Settings' })).toHaveAttribute('href', '/settings#folders');
  });
});
