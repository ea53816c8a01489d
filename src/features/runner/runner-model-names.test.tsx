// @vitest-environment jsdom
// The runner names models as people know them: the run keeps the name it was made with, so a device
// without that provider still shows "llama3.2 · Ollama" (header, error), never the provider's uuid.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRun } from '@sync/store/runs';
import { setEchoDelayMs } from '@/lib/llm/echo';
import { saveProvider } from '@/lib/llm/providers-store';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addPrompt, renderApp } from '@/test/render-app';

const OLLAMA = '10b2a43d-6c1f-4a47-9a51-1f1c7a3b2e11';
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

describe('model names in the runner', () => {
  it('a run made with an added provider keeps the model\'s name in its settings snapshot', async () => {
    const db = freshDb();
    // Port 9 (discard) refuses at once: the reply fails, the run is made all the same.
    await saveProvider(db, { id: OLLAMA, kind: 'openai-compatible', name: 'Ollama', baseUrl: 'http://127.0.0.1:9/v1', models: ['llama3.2'] });
    const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [], settings: { provider: OLLAMA, model_id: 'llama3.2' } });
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}`);
    // The header names the model (the Models choice below lists it too).
    expect(await screen.findByText(/^New run · llama3\.2 · Ollama$/)).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(async () => expect((await db.runs.toArray())[0]?.settings.model_label).toBe('llama3.2 · Ollama'));
    expect(document.body.textContent).not.toContain(OLLAMA);
  });

  it('on a device without the provider, the header and the error name the model, not its provider id', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [], settings: { provider: OLLAMA, model_id: 'llama3.2', model_label: 'llama3.2 · Ollama' } });
    const made = await createRun(db, prompt.id, {
      name: 'From my laptop',
      variable_values: {},
      settings: { provider: OLLAMA, model_id: 'llama3.2', model_label: 'llama3.2 · Ollama' },
      messages: [{ id: crypto.randomUUID(), runId: '', parentId: null, role: 'user', content: 'Earlier question', status: 'done', createdAt: new Date().toISOString() }],
    });
    if (!made.ok) throw made.error;
    const user = userEvent.setup();
    renderApp(db, `/ai/prompts/run/${prompt.id}/${made.value.id}`);
    expect(await screen.findByText(/llama3\.2 · Ollama/)).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Still there?');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const reply = await screen.findByRole('article', { name: 'Assistant message' });
    expect(await within(reply).findByRole('alert')).toHaveTextContent('llama3.2 · Ollama is not set up on this device');
    expect(document.body.textContent).not.toContain(OLLAMA);
  });

  it('a new run of a prompt from another device names its model in the picker', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db, { user_template: '', system_message: '', variables: [], settings: { provider: OLLAMA, model_id: 'llama3.2', model_label: 'llama3.2 · Ollama' } });
    renderApp(db, `/ai/prompts/run/${prompt.id}`);
    const picker = await screen.findByRole('combobox', { name: 'Model' });
    await waitFor(() => expect(within(picker).getByRole('option', { name: 'llama3.2 · Ollama (not set up on this device)' })).toBeInTheDocument());
    expect(document.body.textContent).not.toContain(OLLAMA);
  });
});
