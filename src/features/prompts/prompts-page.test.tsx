// @vitest-environment jsdom
// The prompt library as a user meets it: examples on first start, create, edit, duplicate, delete.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { ensureExamplePrompts } from '@sync/store/example-prompts';
import { listPrompts } from '@sync/store/prompts';
import { App } from '@/app/app';
import { AccountProvider } from '@/lib/account/account-context';
import { routes } from '@/app/routes';
import { freshDb } from '@/test/fresh-db';
import { addPrompt } from '@/test/render-app';

beforeAll(async () => {
  await Promise.all([import('./prompts-page'), import('./prompt-editor-page'), import('@/components/model-select')]);
});
afterEach(() => cleanup());

function renderAt(db: ReturnType<typeof freshDb>, path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AccountProvider db={db}>
      <RouterProvider router={router} />
    </AccountProvider>,
  );
  return router;
}

const card = (name: string) => screen.getByRole('listitem', { name });

describe('prompts library', () => {
  it('the app opens on the library with the example prompts, each with a Run link', async () => {
    const db = freshDb();
    window.history.replaceState(null, '', '/');
    render(<App db={db} />);
    expect(await screen.findByRole('heading', { name: 'Prompts', level: 1 }, { timeout: 10_000 })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/ai/prompts');
    await screen.findByRole('listitem', { name: 'Explain like I am new' });
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    expect(within(card('Free chat')).getByRole('link', { name: 'Run' })).toHaveAttribute('href', '/ai/prompts/run/00000000-0000-4000-8000-000000000003');
  });

  it('creates a prompt, listing {{variables}} live as they are typed, with defaults and model settings', async () => {
    const db = freshDb();
    const user = userEvent.setup();
    const router = renderAt(db, '/ai/prompts/new');
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'Translate');
    const template = screen.getByRole('textbox', { name: 'User template' });
    // user-event reads '{{' as a literal '{'.
    await user.type(template, 'Translate {{{{text}} into {{{{lang');
    expect(screen.getByRole('textbox', { name: 'Default for text' })).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /Default for lang/ })).not.toBeInTheDocument();
    await user.type(template, '}}');
    await user.type(screen.getByRole('textbox', { name: 'Default for lang' }), 'French');
    expect(await screen.findByRole('option', { name: 'Echo (offline)' })).toBeInTheDocument();
    await user.type(screen.getByRole('spinbutton', { name: 'Temperature' }), '0.3');
    await user.type(screen.getByRole('spinbutton', { name: 'Max tokens' }), '256');
    await user.click(screen.getByRole('button', { name: 'Save prompt' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/ai/prompts'));
    const [saved] = await listPrompts(db);
    expect(saved).toMatchObject({
      name: 'Translate',
      user_template: 'Translate {{text}} into {{lang}}',
      variables: [{ name: 'text', default_value: '' }, { name: 'lang', default_value: 'French' }],
      settings: { provider: 'echo', model_id: 'echo', temperature: 0.3, max_tokens: 256 },
    });
  });

  it('refuses to save without a name and keeps what was typed', async () => {
    const db = freshDb();
    const user = userEvent.setup();
    renderAt(db, '/ai/prompts/new');
    await user.type(await screen.findByRole('textbox', { name: 'System message' }), 'Be kind.');
    await user.click(screen.getByRole('button', { name: 'Save prompt' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Fix the highlighted fields');
    const name = screen.getByRole('textbox', { name: 'Name' });
    expect(name).toHaveAccessibleDescription('Give the prompt a name.');
    expect(name).toBeInvalid();
    expect(screen.getByRole('textbox', { name: 'System message' })).toHaveValue('Be kind.');
    expect(await listPrompts(db)).toHaveLength(0);
  });

  it('edits an existing prompt', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { name: 'Old name' });
    const user = userEvent.setup();
    const router = renderAt(db, `/ai/prompts/${prompt.id}/edit`);
    const name = await screen.findByRole('textbox', { name: 'Name' });
    expect(screen.getByRole('textbox', { name: 'Default for topic' })).toHaveValue('caching');
    await user.clear(name);
    await user.type(name, 'New name');
    await user.click(screen.getByRole('button', { name: 'Save prompt' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/ai/prompts'));
    expect(await screen.findByRole('listitem', { name: 'New name' })).toBeInTheDocument();
  });

  it('duplicates, and deletes only after confirming', async () => {
    const db = freshDb();
    await ensureExamplePrompts(db);
    const user = userEvent.setup();
    renderAt(db, '/ai/prompts');
    await user.click(within(await screen.findByRole('listitem', { name: 'Free chat' })).getByRole('button', { name: 'Duplicate' }));
    expect(await screen.findByRole('listitem', { name: 'Free chat (copy)' })).toBeInTheDocument();

    await user.click(within(card('Free chat (copy)')).getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete prompt?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(card('Free chat (copy)')).toBeInTheDocument();

    await user.click(within(card('Free chat (copy)')).getByRole('button', { name: 'Delete' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Free chat (copy)' })).not.toBeInTheDocument());
    expect((await listPrompts(db)).map((p) => p.name)).not.toContain('Free chat (copy)');
  });
});
