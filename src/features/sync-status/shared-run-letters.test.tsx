// @vitest-environment jsdom
// What could not sync in a run shared with me: the server's reason in words, and what I wrote, to read and copy.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DeadLetter } from '@sync/engine/dead-letters';
import type { SyncEngine } from '@sync/engine/sync-engine';
import { initialSyncState } from '@sync/engine/sync-state';
import { SyncDetails } from './sync-details';

afterEach(cleanup);

const at = '2026-12-05T10:00:00.000Z';
const removed: DeadLetter = {
  id: 'prompt_runs:r1',
  label: 'Run “Lisbon weekend”',
  code: 'membership_removed',
  message: 'Your changes to "Lisbon weekend" were not saved: its owner removed you from this run',
  at,
  entries: [],
  change: {
    table: 'prompt_runs', id: 'r1', values: {}, clocks: {},
    append_messages: [
      { id: 'm1', parentId: null, role: 'user', content: 'And a day in Sintra?', status: 'done', createdAt: at },
      { id: 'm2', parentId: 'm1', role: 'assistant', content: 'Sintra: Pena Palace.', status: 'done', createdAt: at },
    ],
  },
};
const readOnly: DeadLetter = {
  id: 'prompt_runs:r2', label: 'Run “Porto food”', code: 'read_only', at, entries: [],
  message: '"Porto food" is shared with you to read: its owner has not let you change it',
  change: { table: 'prompt_runs', id: 'r2', values: { name: 'Porto' }, clocks: {} },
};

function show(letters: DeadLetter[]) {
  const engine = { syncNow: vi.fn(), retryDeadLetter: vi.fn(), discardDeadLetter: vi.fn() } as unknown as SyncEngine;
  render(<SyncDetails engine={engine} state={{ ...initialSyncState, deadLetters: letters }} nowMs={Date.parse(at)} />);
  return engine;
}

describe('sync details: changes refused in shared runs', () => {
  it("a removed member's text: the reason, what was not saved (to copy), no Retry", async () => {
    const engine = show([removed, readOnly]);
    expect(screen.getByRole('heading', { name: '2 changes could not sync' })).toBeInTheDocument();
    const letter = screen.getByRole('listitem', { name: 'Run “Lisbon weekend”' });
    expect(letter).toHaveTextContent('its owner removed you from this run');
    expect(within(letter).queryByRole('button', { name: 'Retry' })).toBeNull();
    await userEvent.click(within(letter).getByText('What was not saved (2 messages)'));
    expect(letter).toHaveTextContent('You: And a day in Sintra?');
    expect(letter).toHaveTextContent('Reply: Sintra: Pena Palace.');
    expect(within(letter).getByRole('button', { name: 'Copy' })).toBeVisible();
    await userEvent.click(within(letter).getByRole('button', { name: 'Discard' }));
    expect(engine.discardDeadLetter).toHaveBeenCalledWith('prompt_runs:r1');

    // Refused to a viewer: said so; Retry stays (an owner may make them editor again); no text to keep.
    const refused = screen.getByRole('listitem', { name: 'Run “Porto food”' });
    expect(refused).toHaveTextContent('is shared with you to read: its owner has not let you change it');
    expect(within(refused).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(within(refused).queryByText(/What was not saved/)).toBeNull();
  });

  it('a shared run its owner deleted forever: the text kept, no Retry', async () => {
    show([{ ...removed, code: 'run_purged', message: 'Your changes to "Lisbon weekend" were not saved: its owner deleted it forever' }]);
    const letter = screen.getByRole('listitem', { name: 'Run “Lisbon weekend”' });
    expect(letter).toHaveTextContent('its owner deleted it forever');
    expect(within(letter).queryByRole('button', { name: 'Retry' })).toBeNull();
    await userEvent.click(within(letter).getByText('What was not saved (2 messages)'));
    expect(letter).toHaveTextContent('You: And a day in Sintra?');
  });
});
