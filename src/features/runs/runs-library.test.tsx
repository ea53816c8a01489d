// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PromptRunsDB } from '@sync/db';
import { createPrompt } from '@sync/store/prompts';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addRun, NOW, renderLibrary } from './test/render-library';
import { messagesOfRun } from '../../../sync/run-messages';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
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
const headings = () => screen.queryAllByRole('heading', { level: 3 }).map((h) => h.textContent);

describe('runs list', () => {
  it('shows the seed empty state when there are no runs', async () => {
    renderLibrary(db, { promptId: 'p1' });
    expect(await screen.findByText('No saved runs yet')).toBeInTheDocument();
    expect(screen.getByText('Start a conversation to create your first run')).toBeInTheDocument();
  });

  it('groups by date and shows each run with relative time, message count and preview', async () => {
    await addRun(db, 'Now', { ago: 2 * HOUR, answer: 'The latest answer' });
    await addRun(db, 'Yesterday run', { ago: DAY });
    await addRun(db, 'Week run', { ago: 4 * DAY });
    await addRun(db, 'Month run', { ago: 20 * DAY });
    await addRun(db, 'Old run', { ago: 70 * DAY });
    renderLibrary(db, { promptId: 'p1' });
    await waitFor(() => expect(runNames()).toEqual(['Now', 'Yesterday run', 'Week run', 'Month run', 'Old run']));
    expect(headings()).toEqual(['Today', 'Yesterday', 'Previous 7 days', 'Previous 30 days', 'March 2026']);
    const item = screen.getByRole('listitem', { name: 'Now' });
    expect(item).toHaveTextContent('2 hours ago');
    expect(item).toHaveTextContent('2 messages');
    expect(item).toHaveTextContent('The latest answer');
    expect(within(item).getByRole('link', { name: 'Now' })).toHaveAttribute('href', expect.stringMatching(/^\/ai\/prompts\/run\/p1\//));
  });

  it('a plain click opens a run in the app, a modified click is left to the browser; row icons come from the list sprite', async () => {
    const run = await addRun(db, 'Trip');
    renderLibrary(db, { promptId: 'p1' });
    const item = await screen.findByRole('listitem', { name: 'Trip' });
    const uses = [...item.querySelectorAll('use')];
    expect(uses).toHaveLength(3); // star, delete, more actions
    for (const use of uses) expect(document.getElementById(use.getAttribute('href')!.slice(1))?.tagName).toBe('symbol');
    const link = within(item).getByRole('link', { name: 'Trip' });
    const location = screen.getByRole('textbox', { name: 'Location' });
    expect(fireEvent.click(link, { ctrlKey: true })).toBe(true); // not prevented: a new tab, as any link
    expect(location).toHaveValue('/');
    expect(fireEvent.click(link)).toBe(false);
    await waitFor(() => expect(location).toHaveValue(`/ai/prompts/run/p1/${run.id}`));
  });

  it('sorts by name, oldest and most messages from the Sort combobox', async () => {
    await addRun(db, 'beta', { ago: 3 * HOUR });
    await addRun(db, 'Alpha', { ago: 1 * HOUR });
    await addRun(db, 'gamma', { ago: 2 * HOUR });
    renderLibrary(db, { promptId: 'p1' });
    await waitFor(() => expect(runNames()).toEqual(['Alpha', 'gamma', 'beta']));
    const sort = screen.getByRole('combobox', { name: 'Sort' });
    await userEvent.selectOptions(sort, 'Name (A–Z)');
    await waitFor(() => expect(runNames()).toEqual(['Alpha', 'beta', 'gamma']));
    expect(headings()).toEqual([]); // no date groups out of date order
    await userEvent.selectOptions(sort, 'Oldest');
    await waitFor(() => expect(runNames()).toEqual(['beta', 'gamma', 'Alpha']));
  });

  it('searches message text, shows the snippet, and says when nothing matches', async () => {
    await addRun(db, 'Trip', { answer: 'Visit the Alhambra in Granada at sunrise.' });
    await addRun(db, 'Recipe', { answer: 'Knead the dough for ten minutes.' });
    renderLibrary(db, { promptId: 'p1' });
    await waitFor(() => expect(runNames()).toHaveLength(2));
    const search = screen.getByRole('searchbox', { name: 'Search runs' });
    await userEvent.type(search, 'granada');
    await waitFor(() => expect(runNames()).toEqual(['Trip']));
    const link = within(screen.getByRole('listitem', { name: 'Trip' })).getByRole('link', { name: 'Trip' });
    expect(link.getAttribute('href')).toMatch(/\?message=/);
    expect(screen.getByRole('listitem', { name: 'Trip' })).toHaveTextContent('Visit the Alhambra in Granada');
    await userEvent.clear(search);
    await userEvent.type(search, 'zeppelin');
    expect(await screen.findByText('No runs found')).toBeInTheDocument();
    expect(screen.getByText('Try a different search term')).toBeInTheDocument();
  });

  it('reads the search index ahead while nobody types: once the list shows, and again when the search box gets focus', async () => {
    await addRun(db, 'Trip', { answer: 'Visit the Alhambra in Granada at sunrise.' });
    await db.indexNow();
    const reads = vi.spyOn(db.searchPostings, 'where');
    renderLibrary(db, { promptId: 'p1' });
    // The live segment's block keys, read a moment after the list shows, nothing typed.
    await waitFor(() => expect(reads).toHaveBeenCalled(), { timeout: 5_000 });
    // A segment written since is read ahead when the search box gets focus.
    await addRun(db, 'Recipe', { answer: 'Knead the dough for ten minutes.' });
    await db.indexNow();
    reads.mockClear();
    fireEvent.focus(screen.getByRole('searchbox', { name: 'Search runs' }));
    await waitFor(() => expect(reads).toHaveBeenCalled());
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search runs' }), 'dough');
    await waitFor(() => expect(runNames()).toEqual(['Recipe']));
  });

  it('says when search is still taking in runs just synced, and stops saying it once they are indexed', async () => {
    const { markRunsForIndexing } = await import('@sync/search/search-index');
    await addRun(db, 'Trip', { answer: 'Visit the Alhambra in Granada at sunrise.' });
    // A hold keeps the indexer from starting, not a pass already running (on a slow host the save's timer
    // can fire before the hold): that pass would take in the markers below too.
    await db.indexNow();
    const release = db.holdIndexing();
    // A first sync's runs waiting to be indexed, more than a search reads from their rows.
    await markRunsForIndexing(db, Array.from({ length: 501 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`));
    renderLibrary(db, { promptId: 'p1' });
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search runs' }), 'granada');
    await waitFor(() => expect(runNames()).toEqual(['Trip']));
    const note = 'Search is still taking in the runs just synced or imported: some matches may be missing for a moment.';
    // Reading 501 pending runs' rows in fake-indexeddb takes over a second on a busy host.
    expect(await screen.findByText(note, {}, { timeout: 5_000 })).toBeInTheDocument();
    expect(screen.queryByText(/Many runs match/)).toBeNull();
    release();
    await act(() => db.indexNow());
    await waitFor(() => expect(screen.queryByText(note)).toBeNull(), { timeout: 5_000 });
    expect(runNames()).toEqual(['Trip']);
  });

  it('filters: Star puts a run in Starred; the model filter keeps that model only; all runs can group by prompt', async () => {
    const writer = await createPrompt(db, { name: 'Writer' });
    const coder = await createPrompt(db, { name: 'Coder' });
    if (!writer.ok || !coder.ok) throw new Error('prompts not created');
    await addRun(db, 'Essay', { prompt: writer.value.id, ago: 2 * HOUR });
    await addRun(db, 'Script', { prompt: coder.value.id, model: 'openai:gpt-4o', ago: HOUR });
    renderLibrary(db, { byPrompt: true });
    await waitFor(() => expect(runNames()).toEqual(['Script', 'Essay']));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Group by prompt' }));
    await waitFor(() => expect(headings()).toEqual(['Coder', 'Writer']));
    await userEvent.click(within(screen.getByRole('listitem', { name: 'Essay' })).getByRole('button', { name: 'Star' }));
    await userEvent.click(screen.getByRole('button', { name: 'Starred' }));
    await waitFor(() => expect(runNames()).toEqual(['Essay']));
    expect(within(screen.getByRole('listitem', { name: 'Essay' })).getByRole('button', { name: 'Unstar' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'All' }));
    await userEvent.selectOptions(await screen.findByRole('combobox', { name: 'Filter by model' }), 'openai:gpt-4o');
    await waitFor(() => expect(runNames()).toEqual(['Script']));
  });

  it('delete asks first, then Undo in the toast brings the run back', async () => {
    await addRun(db, 'Precious');
    renderLibrary(db, { promptId: 'p1' });
    const item = await screen.findByRole('listitem', { name: 'Precious' });
    await userEvent.click(within(item).getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete run?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(runNames()).toEqual([]));
    expect((await db.runs.toArray())[0]?.status).toBe('deleted');
    await userEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(runNames()).toEqual(['Precious']));
    expect((await db.runs.toArray())[0]?.status).toBe('active');
  });

  it('bulk: select two runs, archive them, Undo puts both back', async () => {
    await addRun(db, 'One', { ago: HOUR });
    await addRun(db, 'Two', { ago: 2 * HOUR });
    await addRun(db, 'Three', { ago: 3 * HOUR });
    renderLibrary(db, { promptId: 'p1' });
    await waitFor(() => expect(runNames()).toHaveLength(3));
    await userEvent.click(screen.getByRole('button', { name: 'Select' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select One' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select Three' }));
    const bar = screen.getByRole('toolbar', { name: 'Selected runs' });
    expect(bar).toHaveTextContent('2 selected');
    await userEvent.click(within(bar).getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(runNames()).toEqual(['Two']));
    expect(screen.getByRole('status')).toHaveTextContent('Archived 2 runs');
    await userEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(runNames()).toEqual(['One', 'Two', 'Three']));
  });

  it('trash lists deleted runs with Restore, and Delete forever removes the run after confirming', async () => {
    const gone = await addRun(db, 'Gone');
    await addRun(db, 'Back');
    const { deleteRun } = await import('@sync/store/runs');
    await deleteRun(db, gone.id);
    await deleteRun(db, (await db.runs.filter((r) => r.name === 'Back').first())!.id);
    renderLibrary(db, { promptId: 'p1' });
    await userEvent.click(await screen.findByRole('button', { name: 'Trash' }));
    await waitFor(() => expect(runNames().sort()).toEqual(['Back', 'Gone']));
    await userEvent.click(within(screen.getByRole('listitem', { name: 'Back' })).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(runNames()).toEqual(['Gone']));
    await userEvent.click(within(screen.getByRole('listitem', { name: 'Gone' })).getByRole('button', { name: /More actions/ }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Delete forever' }));
    await userEvent.click(within(screen.getByRole('alertdialog', { name: 'Delete run forever?' })).getByRole('button', { name: 'Delete forever' }));
    expect(await screen.findByText('Trash is empty')).toBeInTheDocument();
    expect(await messagesOfRun(db.messages, gone.id).count()).toBe(0);
  });

  it('loads 20 runs at first and the next chunk when scrolled to the end', async () => {
    restoreLayout();
    restoreLayout = installLayout(400);
    for (let i = 0; i < 45; i += 1) await addRun(db, `Run ${String(i).padStart(2, '0')}`, { ago: i * 60_000 });
    const { container } = renderLibrary(db, { promptId: 'p1' });
    await waitFor(() => expect(runNames()).toContain('Run 00'));
    const scroller = container.querySelector<HTMLElement>('[data-runs-scroller]')!;
    const list = screen.getByRole('list', { name: 'Runs' });
    // Only the first chunks are loaded: the list is shorter than 45 runs would make it.
    expect(parseInt(list.style.height, 10)).toBeLessThan(45 * 40);
    expect(runNames()).not.toContain('Run 44');
    await waitFor(() => {
      act(() => {
        scroller.scrollTop = 100_000;
        fireEvent.scroll(scroller);
      });
      expect(runNames()).toContain('Run 44');
    });
  });
});
