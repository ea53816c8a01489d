// @vitest-environment jsdom
// The runs page's Sort orders the whole list; "Group by prompt" is a choice, off by default; date
// headings follow a sort by time. On a narrow screen everything but the search folds into one Filter
// sheet, summed up in a chip.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PromptRunsDB } from '@sync/db';
import { createPrompt } from '@sync/store/prompts';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { COMPACT_QUERY } from './use-media-query';
import { addRun, NOW, renderLibrary } from './test/render-library';

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

/** Two prompts whose runs interleave in time: Alpha's newest is the newest of all. */
async function interleaved() {
  const alpha = await createPrompt(db, { name: 'Alpha' });
  const beta = await createPrompt(db, { name: 'Beta' });
  if (!alpha.ok || !beta.ok) throw new Error('prompts not created');
  await addRun(db, 'Alpha old', { prompt: alpha.value.id, ago: 3 * DAY });
  await addRun(db, 'Beta mid', { prompt: beta.value.id, ago: DAY });
  await addRun(db, 'Beta new', { prompt: beta.value.id, ago: 2 * HOUR });
  await addRun(db, 'Alpha newest', { prompt: alpha.value.id, ago: HOUR });
  return { alpha: alpha.value, beta: beta.value };
}

describe('all runs: sort and grouping', () => {
  it('sorts the whole list, with date headings when the sort is by time, until "Group by prompt" is on', async () => {
    await interleaved();
    renderLibrary(db, { byPrompt: true });
    await waitFor(() => expect(runNames()).toEqual(['Alpha newest', 'Beta new', 'Beta mid', 'Alpha old']));
    expect(headings()).toEqual(['Today', 'Yesterday', 'Previous 7 days']);
    const group = screen.getByRole('checkbox', { name: 'Group by prompt' });
    expect(group).not.toBeChecked();

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Sort' }), 'Oldest');
    await waitFor(() => expect(runNames()).toEqual(['Alpha old', 'Beta mid', 'Beta new', 'Alpha newest']));
    expect(headings()).toEqual(['Previous 7 days', 'Yesterday', 'Today']);

    // Grouped: each prompt's runs together, the groups in the order of their first run.
    await userEvent.click(group);
    await waitFor(() => expect(headings()).toEqual(['Alpha', 'Beta']));
    expect(runNames()).toEqual(['Alpha old', 'Alpha newest', 'Beta mid', 'Beta new']);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Sort' }), 'Recent');
    await waitFor(() => expect(runNames()).toEqual(['Alpha newest', 'Alpha old', 'Beta new', 'Beta mid']));
    expect(headings()).toEqual(['Alpha', 'Beta']);

    await userEvent.click(group);
    await waitFor(() => expect(runNames()).toEqual(['Alpha newest', 'Beta new', 'Beta mid', 'Alpha old']));
    expect(headings()).toEqual(['Today', 'Yesterday', 'Previous 7 days']);
  });

  it('a run updated just now goes to the top of the list', async () => {
    const { beta } = await interleaved();
    renderLibrary(db, { byPrompt: true });
    await waitFor(() => expect(runNames()[0]).toBe('Alpha newest'));
    await addRun(db, 'Beta just now', { prompt: beta.id, ago: 0 });
    await waitFor(() => expect(runNames()).toEqual(['Beta just now', 'Alpha newest', 'Beta new', 'Beta mid', 'Alpha old']));
  });
});

describe('narrow screen: one Filter sheet', () => {
  let restoreMedia: () => void;
  beforeEach(() => {
    const real = window.matchMedia;
    window.matchMedia = (query: string) =>
      ({ matches: query === COMPACT_QUERY, media: query, onchange: null, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, dispatchEvent: () => false }) as MediaQueryList;
    restoreMedia = () => {
      window.matchMedia = real;
    };
  });
  afterEach(() => restoreMedia());

  it('shows only the search, Filter and Select above the list; the sheet sorts and filters, and a chip sums it up', async () => {
    await interleaved();
    renderLibrary(db, { byPrompt: true });
    await waitFor(() => expect(runNames()).toHaveLength(4));
    expect(screen.getByRole('searchbox', { name: 'Search runs' })).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Sort' })).not.toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Show' })).not.toBeInTheDocument();
    expect(screen.queryByText(/Showing:/)).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /^Filter/ }));
    const sheet = await screen.findByRole('dialog', { name: 'Filter and sort' });
    await userEvent.selectOptions(within(sheet).getByRole('combobox', { name: 'Sort' }), 'Oldest');
    await userEvent.click(within(sheet).getByRole('button', { name: 'Starred' }));
    await userEvent.click(within(sheet).getByRole('button', { name: 'All' }));
    await userEvent.click(within(sheet).getByRole('checkbox', { name: 'Group by prompt' }));
    await userEvent.click(within(sheet).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(runNames()).toEqual(['Alpha old', 'Alpha newest', 'Beta mid', 'Beta new']));
    expect(screen.getByText(/Showing:/).parentElement).toHaveTextContent('Oldest · By prompt');
    expect(screen.getByRole('button', { name: /^Filter/ })).toHaveTextContent('2');

    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(runNames()).toEqual(['Alpha newest', 'Beta new', 'Beta mid', 'Alpha old']));
    expect(screen.queryByText(/Showing:/)).not.toBeInTheDocument();
  });
});
