// @vitest-environment jsdom
// Runs shared with me in the runs library: marked "Shared", with only what is mine to do in them, and Leave.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addPrompt } from '@/test/render-app';
import { fakeMembersApi, renderSignedIn, ME, seedRun, sharing } from '@/test/shared-runs';

let restoreLayout: () => void;
beforeAll(async () => {
  restoreLayout = installLayout();
  await import('./runs-page');
});
afterAll(() => restoreLayout());
afterEach(() => cleanup());


const menuOf = async (user: ReturnType<typeof userEvent.setup>, name: string) => {
  await user.click(await screen.findByRole('button', { name: `More actions for ${name}` }));
  const menu = await screen.findByRole('menu');
  return within(menu).getAllByRole('menuitem').map((i) => i.textContent);
};

describe('runs library: runs shared with me', () => {
  it('marks them Shared, with no Delete, and a menu of what is mine to do in them', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db);
    await seedRun(db, null, { promptId: prompt.id, name: 'Mine' });
    await seedRun(db, sharing('viewer'), { name: 'Porto food' });
    await seedRun(db, sharing('editor'), { name: 'Lisbon weekend' });
    const user = userEvent.setup();
    await renderSignedIn(db, '/ai/prompts/runs', fakeMembersApi());

    const porto = await screen.findByRole('listitem', { name: 'Porto food' });
    expect(porto).toHaveTextContent('Shared');
    expect(within(porto).queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(within(porto).getByRole('button', { name: 'Star' })).toBeInTheDocument();
    const mine = screen.getByRole('listitem', { name: 'Mine' });
    expect(mine).not.toHaveTextContent('Shared');
    expect(within(mine).getByRole('button', { name: 'Delete' })).toBeInTheDocument();

    expect(await menuOf(user, 'Porto food')).toEqual(['Select', 'Tags', 'Move to folder', 'Details', 'Download PDF', 'Star', 'Pin', 'Compare with…', 'Leave']);
    await user.keyboard('{Escape}');
    expect(await menuOf(user, 'Lisbon weekend')).toEqual(['Select', 'Rename', 'Tags', 'Move to folder', 'Details', 'Download PDF', 'Star', 'Pin', 'Compare with…', 'Leave']);
  });

  it("grouped by prompt, names the owner's prompt, which is not on this device", async () => {
    const db = freshDb();
    await seedRun(db, sharing('viewer'), { name: 'Porto food' });
    await renderSignedIn(db, '/ai/prompts/runs', fakeMembersApi());
    await screen.findByRole('listitem', { name: 'Porto food' });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Group by prompt' }));
    await waitFor(() => expect(screen.queryAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Trip planner']));
  });

  it('stars one for me, and leaves one through the server', async () => {
    const db = freshDb();
    const run = await seedRun(db, sharing('viewer'), { name: 'Porto food' });
    const members = fakeMembersApi();
    const user = userEvent.setup();
    await renderSignedIn(db, '/ai/prompts/runs', members);

    await user.click(within(await screen.findByRole('listitem', { name: 'Porto food' })).getByRole('button', { name: 'Star' }));
    await waitFor(async () => expect((await db.runs.get(run.id))?.is_starred).toBe(true));

    await menuOf(user, 'Porto food');
    await user.click(screen.getByRole('menuitem', { name: 'Leave' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Leave “Porto food”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(members.remove).toHaveBeenCalledWith(run.id, ME.id));
    expect(await screen.findByText('Left “Porto food”')).toBeInTheDocument();
  });

  it('a selection holding shared runs: Archive and Delete act on my own runs only, and the bar says so', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db);
    const mine = await seedRun(db, null, { promptId: prompt.id, name: 'Mine' });
    const theirs = await seedRun(db, sharing('editor'), { name: 'Porto food' });
    const user = userEvent.setup();
    await renderSignedIn(db, '/ai/prompts/runs', fakeMembersApi());
    await screen.findByRole('listitem', { name: 'Porto food' });

    await user.click(screen.getByRole('button', { name: 'Select' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Porto food' }));
    const bar = screen.getByRole('toolbar', { name: 'Selected runs' });
    for (const name of ['Archive', 'Delete']) expect(within(bar).getByRole('button', { name })).toBeDisabled();
    for (const name of ['Star', 'Tag', 'Move to folder']) expect(within(bar).getByRole('button', { name })).toBeEnabled();
    expect(bar).toHaveTextContent('1 selected run is shared with you: Archive and Delete act on your own runs only.');

    await user.click(screen.getByRole('checkbox', { name: 'Select Mine' }));
    await user.click(within(bar).getByRole('button', { name: 'Archive' }));
    expect(await screen.findByText('Archived 1 run')).toBeInTheDocument();
    expect((await db.runs.get(mine.id))?.status).toBe('archived');
    expect((await db.runs.get(theirs.id))?.status).toBe('active');
  });

  it('Leave first sends what I wrote in the run, then leaves', async () => {
    const db = freshDb();
    const run = await seedRun(db, sharing('editor'), { name: 'Porto food' });
    const calls: string[] = [];
    const members = fakeMembersApi();
    members.remove.mockImplementation(async () => {
      calls.push('remove');
      return { ok: true, value: undefined };
    });
    const user = userEvent.setup();
    await renderSignedIn(db, '/ai/prompts/runs', members, () => calls.push('sync'));
    await menuOf(user, 'Porto food');
    await user.click(screen.getByRole('menuitem', { name: 'Leave' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(members.remove).toHaveBeenCalledWith(run.id, ME.id));
    expect(calls.slice(0, 2)).toEqual(['sync', 'remove']);
  });
});
