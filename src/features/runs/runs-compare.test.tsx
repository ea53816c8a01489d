// @vitest-environment jsdom
// Opening the compare view from the runs library: bulk selection's "Compare" (2 to 4 runs) and a run's
// "Compare with…", which selects it and says what to pick next.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addRun, renderLibrary } from './test/render-library';

let restoreLayout: () => void;
beforeAll(() => {
  restoreLayout = installLayout();
});
afterAll(() => restoreLayout());
afterEach(cleanup);

describe('runs library: Compare', () => {
  it('compares 2 to 4 selected runs, in the order they were picked', async () => {
    const db = freshDb();
    const runs = [];
    for (const name of ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon']) runs.push(await addRun(db, name, { ago: runs.length * 1000 }));
    const user = userEvent.setup();
    renderLibrary(db);
    await user.click(await screen.findByRole('button', { name: 'More actions for Gamma' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Select' }));
    const bar = screen.getByRole('toolbar', { name: 'Selected runs' });
    const compare = within(bar).getByRole('button', { name: 'Compare' });
    expect(compare).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'Select Alpha' }));
    expect(compare).toBeEnabled();
    for (const name of ['Beta', 'Delta', 'Epsilon']) await user.click(screen.getByRole('checkbox', { name: `Select ${name}` }));
    expect(compare).toBeDisabled(); // five: too many
    await user.click(screen.getByRole('checkbox', { name: 'Select Epsilon' }));
    await user.click(compare);
    const [alpha, beta, gamma, delta] = runs;
    expect(screen.getByRole('textbox', { name: 'Location' })).toHaveValue(`/ai/prompts/runs/compare?ids=${gamma!.id},${alpha!.id},${beta!.id},${delta!.id}`);
  });

  it('“Compare with…” selects the run and asks for the others', async () => {
    const db = freshDb();
    const first = await addRun(db, 'First');
    const second = await addRun(db, 'Second', { ago: 1000 });
    const user = userEvent.setup();
    renderLibrary(db);
    await user.click(await screen.findByRole('button', { name: 'More actions for Second' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Compare with…' }));
    expect(screen.getByText('Compare with “Second”: select 1 to 3 more runs, then press Compare.')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Select Second' })).toBeChecked();
    await user.click(screen.getByRole('checkbox', { name: 'Select First' }));
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    expect(screen.getByRole('textbox', { name: 'Location' })).toHaveValue(`/ai/prompts/runs/compare?ids=${second.id},${first.id}`);
  });
});
