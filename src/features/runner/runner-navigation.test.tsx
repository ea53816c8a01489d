// @vitest-environment jsdom
// Getting around runs: the continue offer, "New run", "Previous runs" and renaming in place.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRun } from '@sync/store/runs';
import type { PromptRunsDB } from '@sync/db';
import { setEchoDelayMs } from '@/lib/llm/echo';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addPrompt, renderApp } from '@/test/render-app';

let restoreLayout: () => void;
beforeAll(async () => {
  restoreLayout = installLayout();
  await import('./runner-page');
});
afterAll(() => restoreLayout());
beforeEach(() => setEchoDelayMs(1));
afterEach(() => {
  cleanup();
  setEchoDelayMs(null);
});

async function addRun(db: PromptRunsDB, promptId: string, name: string) {
  const result = await createRun(db, promptId, {
    name,
    variable_values: {},
    settings: { provider: 'echo', model_id: 'echo' },
    messages: [{ id: crypto.randomUUID(), runId: '', parentId: null, role: 'user', content: `${name} question`, status: 'done', createdAt: new Date().toISOString() }],
  });
  if (!result.ok) throw result.error;
  return result.value;
}

describe('runner navigation', () => {
  it('offers to continue the most recent run, in one tap', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db);
    await addRun(db, prompt.id, 'Older run');
    await new Promise((r) => setTimeout(r, 5));
    const latest = await addRun(db, prompt.id, 'Latest run');
    const user = userEvent.setup();
    const { router } = renderApp(db, `/ai/prompts/run/${prompt.id}`);

    const link = await screen.findByRole('link', { name: 'Continue “Latest run”' });
    // When, as the runs list says it.
    expect(screen.getByText(/^You last ran this prompt/)).toHaveTextContent('You last ran this prompt just now.');
    await user.click(link);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/ai/prompts/run/${prompt.id}/${latest.id}`));
    expect(await screen.findByText('Latest run question')).toBeInTheDocument();
  });

  it('"Start fresh" opens the variables form; a prompt without runs goes straight there', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db);
    const other = await addPrompt(db, { name: 'Unused' });
    await addRun(db, prompt.id, 'Earlier');
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}`);
    await user.click(await screen.findByRole('button', { name: 'Start fresh' }));
    expect(await screen.findByRole('textbox', { name: 'topic' })).toHaveValue('caching');
    cleanup();

    renderApp(db, `/ai/prompts/run/${other.id}`);
    expect(await screen.findByRole('textbox', { name: 'topic' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start fresh' })).not.toBeInTheDocument();
  });

  it('"New run" clears the conversation without the continue offer; "Previous runs" opens the runs list', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db);
    const earlier = await addRun(db, prompt.id, 'Earlier');
    const user = userEvent.setup();
    const { router } = renderApp(db, `/ai/prompts/run/${prompt.id}/${earlier.id}`);
    expect(await screen.findByText('Earlier question')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'New run' }));
    expect(await screen.findByRole('textbox', { name: 'topic' })).toBeInTheDocument();
    expect(screen.queryByText('Earlier question')).not.toBeInTheDocument();
    expect(router.state.location.pathname).toBe(`/ai/prompts/run/${prompt.id}`);

    // The runs library's sidebar (its own tests cover the list) opens as a drawer on a phone.
    await user.click(screen.getByRole('button', { name: /Previous runs/ }));
    expect(await screen.findByRole('dialog', { name: 'Previous runs' })).toBeInTheDocument();
  });

  it('renames the run inline: Enter saves, Escape cancels, an empty name is refused', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db);
    const run = await addRun(db, prompt.id, 'Draft name');
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}/${run.id}`);

    await user.click(await screen.findByRole('button', { name: 'Draft name' }));
    const box = screen.getByRole('textbox', { name: 'Run name' });
    await user.clear(box);
    await user.type(box, 'Ignored{Escape}');
    expect(screen.getByRole('button', { name: 'Draft name' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Draft name' }));
    await user.clear(screen.getByRole('textbox', { name: 'Run name' }));
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('A run needs a name.');

    await user.type(screen.getByRole('textbox', { name: 'Run name' }), 'Caching notes{Enter}');
    expect(await screen.findByRole('button', { name: 'Caching notes' })).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'Save status' })).toHaveTextContent('Saved');
    expect((await db.runs.get(run.id))!.name).toBe('Caching notes');
  });

  it('renames the run when the box loses focus; Escape then leaving saves nothing', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db);
    const run = await addRun(db, prompt.id, 'Draft name');
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}/${run.id}`);

    await user.click(await screen.findByRole('button', { name: 'Draft name' }));
    await user.clear(screen.getByRole('textbox', { name: 'Run name' }));
    await user.type(screen.getByRole('textbox', { name: 'Run name' }), 'Escaped{Escape}');
    await user.tab();
    expect(screen.getByRole('button', { name: 'Draft name' })).toBeInTheDocument();
    expect((await db.runs.get(run.id))!.name).toBe('Draft name');

    await user.click(screen.getByRole('button', { name: 'Draft name' }));
    await user.clear(screen.getByRole('textbox', { name: 'Run name' }));
    await user.type(screen.getByRole('textbox', { name: 'Run name' }), 'Kept on blur');
    await user.click(document.body);
    expect(await screen.findByRole('button', { name: 'Kept on blur' })).toBeInTheDocument();
    await waitFor(async () => expect((await db.runs.get(run.id))!.name).toBe('Kept on blur'));
  });
});
