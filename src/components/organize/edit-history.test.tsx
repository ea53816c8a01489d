// @vitest-environment jsdom
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRun, renameRun } from '@sync/store/runs';
import { updatePrompt } from '@sync/store/prompts';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addPrompt, renderApp } from '@/test/render-app';

let restoreLayout: () => void;
beforeAll(async () => {
  restoreLayout = installLayout();
  await Promise.all([import('@/features/prompts/prompt-editor-page'), import('@/features/runner/runner-page')]);
});
afterAll(() => restoreLayout());
afterEach(cleanup);

const ok = <T,>(r: { ok: true; value: T } | { ok: false; error: Error }): T => {
  if (!r.ok) throw r.error;
  return r.value;
};

describe('edit history', () => {
  it('a prompt’s History lists each saved version with its device, shows what it changed, and restores one', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { name: 'Explain', user_template: 'Explain {{topic}} simply.' });
    ok(await updatePrompt(db, prompt.id, { user_template: 'Explain {{topic}} in depth.' }));
    renderApp(db, `/ai/prompts/${prompt.id}/edit`);
    await userEvent.click(await screen.findByRole('button', { name: 'History' }));
    const dialog = await screen.findByRole('dialog', { name: 'History of “Explain”' });
    const versions = within(dialog).getAllByRole('radio');
    expect(versions).toHaveLength(2);
    expect(versions[0]!.closest('label')).toHaveTextContent(/current/);
    // The newest is picked: it changed the template, words shown as removed and added.
    const changes = within(dialog).getByRole('region', { name: 'Changes in this version' });
    expect(changes).toHaveTextContent('User template');
    expect(within(changes).getByRole('deletion')).toHaveTextContent('simply');
    expect(within(changes).getByRole('insertion')).toHaveTextContent('in depth');
    expect(within(dialog).getByRole('button', { name: 'Restore this version' })).toBeDisabled();

    await userEvent.click(versions[1]!);
    expect(changes).toHaveTextContent('The oldest version kept:');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Restore this version' }));
    // The form shows the prompt as restored; a restore is a new version.
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'User template' })).toHaveValue('Explain {{topic}} simply.'));
    await userEvent.click(await screen.findByRole('button', { name: 'History' }));
    const again = await screen.findByRole('dialog', { name: 'History of “Explain”' });
    await waitFor(() => expect(within(again).getAllByRole('radio')).toHaveLength(3));
    db.close();
  });

  it('the runner says when the prompt changed since the run started, and shows what changed', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { user_template: 'Hello {{topic}}', variables: [{ name: 'topic', default_value: 'x' }], system_message: '' });
    const at = new Date().toISOString();
    const run = ok(await createRun(db, prompt.id, {
      name: 'A run', variable_values: { topic: 'x' }, settings: prompt.settings,
      messages: [{ id: crypto.randomUUID(), runId: '', parentId: null, role: 'user', content: 'Hello x', status: 'done', createdAt: at }],
    }));
    renderApp(db, `/ai/prompts/run/${prompt.id}/${run.id}`);
    await screen.findByRole('article', { name: /You message/ });
    expect(screen.queryByText('The prompt has changed since this run started.')).toBeNull();
    // A rename alone is no change of what runs.
    ok(await updatePrompt(db, prompt.id, { name: 'Renamed' }));
    ok(await updatePrompt(db, prompt.id, { user_template: 'Goodbye {{topic}}' }));
    expect(await screen.findByText('The prompt has changed since this run started.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'What changed' }));
    const dialog = await screen.findByRole('dialog', { name: 'Changes to “Renamed” since this run started' });
    expect(within(dialog).getByRole('deletion')).toHaveTextContent('Hello');
    expect(within(dialog).getByRole('insertion')).toHaveTextContent('Goodbye');
    expect(dialog).not.toHaveTextContent('Name');
    db.close();
  });

  it('a run’s History (from its details) restores an earlier name', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db);
    const run = ok(await createRun(db, prompt.id, { name: 'First name', variable_values: {}, settings: prompt.settings, messages: [] }));
    ok(await renameRun(db, run.id, 'Second name'));
    renderApp(db, `/ai/prompts/${prompt.id}/runs`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'More actions for Second name' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Details' }));
    await user.click(await screen.findByRole('button', { name: 'History' }));
    const dialog = await screen.findByRole('dialog', { name: 'History of “Second name”' });
    const versions = within(dialog).getAllByRole('radio');
    expect(versions[1]!.closest('label')).toHaveTextContent('Before history was kept');
    await user.click(versions[1]!);
    await user.click(within(dialog).getByRole('button', { name: 'Restore this version' }));
    await waitFor(async () => expect((await db.runs.get(run.id))?.name).toBe('First name'));
    db.close();
  });
});
