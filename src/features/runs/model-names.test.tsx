// @vitest-environment jsdom
// Models are named as people know them ("llama3.2 · Ollama", "Echo (offline)"), statuses in words, and
// settings and variables in the prompt's order: no provider uuid or 'provider:model' key on screen or in
// an export, on a device that has the provider or one that does not.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PromptRunsDB } from '@sync/db';
import { createPrompt } from '@sync/store/prompts';
import { readRunMessages } from '@sync/store/runs';
import { saveProvider } from '@/lib/llm/providers-store';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { conversationAsMarkdown } from './conversation-export';
import { settingsRows, variableRows } from './run-facts';
import { addRun, NOW, renderLibrary } from './test/render-library';

const OLLAMA = '10b2a43d-6c1f-4a47-9a51-1f1c7a3b2e11';
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

describe('model names in the runs library', () => {
  it('"Filter by model" lists names, from the run\'s snapshot on a device without the provider', async () => {
    await addRun(db, 'Local run');
    await addRun(db, 'Remote run', { settings: { provider: OLLAMA, model_id: 'llama3.2', model_label: 'llama3.2 · Ollama' } });
    renderLibrary(db, { promptId: 'p1' });
    const filter = await screen.findByRole('combobox', { name: 'Filter by model' });
    await waitFor(() => expect(within(filter).getAllByRole('option')).toHaveLength(3));
    expect(within(filter).getAllByRole('option').map((o) => o.textContent).sort()).toEqual(['All models', 'Echo (offline)', 'llama3.2 · Ollama']);
    expect(filter.textContent).not.toContain(OLLAMA);
    expect(filter.textContent).not.toContain('echo:echo');
  });

  it('prefers this device\'s provider name when it has the provider', async () => {
    await saveProvider(db, { id: OLLAMA, kind: 'openai-compatible', name: 'Home Ollama', baseUrl: 'http://127.0.0.1:11434/v1', models: ['llama3.2'] });
    await addRun(db, 'Remote run', { settings: { provider: OLLAMA, model_id: 'llama3.2' } });
    renderLibrary(db, { promptId: 'p1' });
    const filter = await screen.findByRole('combobox', { name: 'Filter by model' });
    await waitFor(() => expect(within(filter).getByRole('option', { name: 'llama3.2 · Home Ollama' })).toBeInTheDocument());
  });

  it('run details name the model and the status in words, settings and variables in the prompt\'s order', async () => {
    const prompt = await createPrompt(db, {
      name: 'Trip planner',
      user_template: '{{city}} for a {{traveller}}',
      variables: [{ name: 'city', default_value: '' }, { name: 'traveller', default_value: '' }],
      settings: { provider: OLLAMA, model_id: 'llama3.2' },
    });
    if (!prompt.ok) throw prompt.error;
    // Keys in another order than the prompt's, as a run pulled from the server has them (JSONB orders keys).
    await addRun(db, 'Lisbon', {
      prompt: prompt.value.id,
      variables: { traveller: 'student', city: 'Lisbon' },
      settings: { max_tokens: 500, model_label: 'llama3.2 · Ollama', temperature: 0.3, top_p: 0.9, model_id: 'llama3.2', provider: OLLAMA },
    });
    renderLibrary(db, { promptId: prompt.value.id });
    const item = await screen.findByRole('listitem', { name: 'Lisbon' });
    await userEvent.click(within(item).getByRole('button', { name: /More actions/ }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Details' }));
    const dialog = await screen.findByRole('dialog', { name: 'Run details' });
    await within(dialog).findByText('Trip planner');
    const rows = (caption: string) =>
      within(within(dialog).getByRole('table', { name: caption })).getAllByRole('row').map((r) => [...r.children].map((c) => c.textContent));
    expect(rows('Run')).toContainEqual(['Status', 'Active']);
    expect(rows('Model settings')).toEqual([['Model', 'llama3.2 · Ollama'], ['Temperature', '0.3'], ['Max tokens', '500'], ['Top p', '0.9']]);
    expect(rows('Variable values')).toEqual([['city', 'Lisbon'], ['traveller', 'student']]);
    expect(dialog.textContent).not.toContain(OLLAMA);
    expect(dialog.textContent).not.toMatch(/model_id|provider/);
  });
});

describe('Markdown export', () => {
  it('names the model and lists variables as given, with no provider key', async () => {
    const run = await addRun(db, 'Lisbon', { settings: { provider: OLLAMA, model_id: 'llama3.2', model_label: 'llama3.2 · Ollama' }, variables: { b: '2', a: '1' } });
    const { messages } = await readRunMessages(db, run.id);
    const md = conversationAsMarkdown(run, messages, { modelName: 'llama3.2 · Ollama', variables: variableRows(run, { variables: [{ name: 'b', default_value: '' }, { name: 'a', default_value: '' }] }) });
    expect(md).toContain('- Model: llama3.2 · Ollama');
    expect(md).toContain('  - b: 2\n  - a: 1');
    expect(md).not.toContain(OLLAMA);
    expect(settingsRows({ provider: 'echo', model_id: 'echo' }, 'Echo (offline)')).toEqual([['Model', 'Echo (offline)']]);
  });
});
