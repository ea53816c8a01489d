// @vitest-environment jsdom
// Rename from a run's menu in the list: Enter or leaving the box saves, Escape cancels (and the blur that
// follows does not save after all).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PromptRunsDB } from '@sync/db';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addRun, renderLibrary } from './test/render-library';

let db: PromptRunsDB;
let restoreLayout: () => void;
beforeEach(() => {
  db = freshDb();
  restoreLayout = installLayout();
});
afterEach(() => {
  cleanup();
  restoreLayout();
  db.close();
});

async function startRename(user: ReturnType<typeof userEvent.setup>, name: string): Promise<HTMLElement> {
  await user.click(await screen.findByRole('button', { name: `More actions for ${name}` }));
  await user.click(await screen.findByRole('menuitem', { name: 'Rename' }));
  const box = await screen.findByRole('textbox', { name: `Rename ${name}` });
  await waitFor(() => expect(box).toHaveFocus());
  return box;
}

describe('rename in the runs list', () => {
  it('Escape cancels even as the box loses focus; leaving the box saves; Enter saves', async () => {
    const run = await addRun(db, 'Draft name');
    const user = userEvent.setup();
    renderLibrary(db, { promptId: 'p1' });

    let box = await startRename(user, 'Draft name');
    await user.clear(box);
    await user.type(box, 'Escaped{Escape}');
    expect(await screen.findByRole('listitem', { name: 'Draft name' })).toBeInTheDocument();
    expect((await db.runs.get(run.id))!.name).toBe('Draft name');

    box = await startRename(user, 'Draft name');
    await user.clear(box);
    await user.type(box, 'Kept on blur');
    await user.click(document.body);
    expect(await screen.findByRole('listitem', { name: 'Kept on blur' })).toBeInTheDocument();
    expect((await db.runs.get(run.id))!.name).toBe('Kept on blur');

    box = await startRename(user, 'Kept on blur');
    await user.clear(box);
    await user.type(box, 'Saved by Enter{Enter}');
    expect(await screen.findByRole('listitem', { name: 'Saved by Enter' })).toBeInTheDocument();
    expect((await db.runs.get(run.id))!.name).toBe('Saved by Enter');
  });
});
