// @vitest-environment jsdom
// The runner's header before and after the run exists, and Escape as the stop key of a streaming reply.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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

describe('runner header', () => {
  it('names a new run by its prompt and says "New run" once; once the run exists it offers "New run"', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { name: 'Haiku helper', user_template: '', system_message: '', variables: [] });
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Haiku helper' })).toBeInTheDocument();
    expect(screen.getAllByText(/New run/)).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'New run' })).not.toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'What is a haiku?');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('button', { name: 'New run' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('What is a haiku?');
  });
});

describe('Escape while a reply streams', () => {
  it('stops the reply, which stays as Interrupted', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [] });
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}`);
    setEchoDelayMs(80);
    await user.type(await screen.findByRole('textbox', { name: 'Message' }), 'one two three four five six seven eight nine ten');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByRole('button', { name: 'Stop' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Stop' })).not.toBeInTheDocument());
    const reply = screen.getByRole('article', { name: 'Assistant message' });
    expect(within(reply).getByText('Interrupted')).toBeInTheDocument();
    expect(reply).not.toHaveTextContent('ten');
  });

  it('closes an open drawer first, and leaves the reply streaming', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [] });
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}`);
    setEchoDelayMs(60);
    await user.type(await screen.findByRole('textbox', { name: 'Message' }), 'one two three four five six seven eight');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByRole('button', { name: 'Stop' });
    await user.click(screen.getByRole('button', { name: /Previous runs/ }));
    await screen.findByRole('dialog', { name: 'Previous runs' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Previous runs' })).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Stop' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('article', { name: 'Assistant message' })).toHaveTextContent('eight'), { timeout: 5000 });
    expect(screen.queryByText('Interrupted')).not.toBeInTheDocument();
  });
});
