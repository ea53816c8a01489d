// @vitest-environment jsdom
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { DbProvider } from '@/lib/data/db-context';
import type { PromptRunsDB } from '@sync/db';
import { freshDb } from '@sync/test-support';
import { getDefaultModel, listProviders, PROVIDERS_KEY } from '@/lib/llm/providers-store';
import { ModelSelect } from '@/components/model-select';
import { SettingsPage } from './settings-page';
import { THEME_STORAGE_KEY } from '@/lib/theme';

afterEach(cleanup);

function PickerUnderTest({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial);
  return <ModelSelect value={value} onChange={setValue} />;
}

function renderPage(db: PromptRunsDB, pickerValue = 'echo:echo') {
  render(
    <DbProvider db={db}>
      {/* The app's layout puts every page inside <main>. */}
      <main>
        <SettingsPage />
        <PickerUnderTest initial={pickerValue} />
      </main>
    </DbProvider>,
  );
  return userEvent.setup();
}

describe('SettingsPage', () => {
  it('offers the built-in Echo model before any provider is added', async () => {
    renderPage(freshDb());
    const picker = await screen.findByRole('combobox', { name: 'Model' });
    expect(await within(picker).findByRole('option', { name: 'Echo (offline)' })).toHaveValue('echo:echo');
    expect(within(screen.getByRole('list', { name: 'Providers' })).getByText('Echo (offline)')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete Echo (offline)' })).not.toBeInTheDocument();
  });

  it('adds a provider from a preset; its models appear in the Model picker and the key is not shown', async () => {
    const db = freshDb();
    const user = renderPage(db);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Preset' }), 'Ollama');
    expect(screen.getByRole('textbox', { name: 'Base URL' })).toHaveValue('http://localhost:11434/v1');
    expect(screen.getByRole('textbox', { name: 'Base URL' })).toHaveAccessibleDescription(/OLLAMA_ORIGINS/);
    const key = screen.getByLabelText('API key');
    expect(key).toHaveAttribute('type', 'password');
    await user.type(key, 'secret-key-123');
    const models = screen.getByRole('textbox', { name: 'Models' });
    await user.clear(models);
    await user.type(models, 'llama3.2, qwen2.5:7b');
    await user.click(screen.getByRole('button', { name: 'Add provider' }));

    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Added Ollama.'));
    const picker = screen.getByRole('combobox', { name: 'Model' });
    const option = await within(picker).findByRole('option', { name: 'qwen2.5:7b' });
    await user.selectOptions(picker, option);
    expect(picker).toHaveValue(`${(await listProviders(db))[1]!.id}:qwen2.5:7b`);
    expect(within(screen.getByRole('list', { name: 'Providers' })).getByText('API key saved on this device')).toBeInTheDocument();
    expect(document.body.textContent).not.toContain('secret-key-123');
    expect(JSON.stringify(await db.settings.get(PROVIDERS_KEY))).toContain('secret-key-123');
  });

  it('shows a clear error and keeps what was typed when the input is invalid', async () => {
    const db = freshDb();
    const user = renderPage(db);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Preset' }), 'Other OpenAI-compatible');
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'My server');
    await user.type(screen.getByRole('textbox', { name: 'Base URL' }), 'not a url');
    await user.type(screen.getByRole('textbox', { name: 'Models' }), 'm1');
    await user.click(screen.getByRole('button', { name: 'Add provider' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('"not a url" is not a valid http(s) URL.');
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('My server');
    expect(screen.getByRole('textbox', { name: 'Models' })).toHaveValue('m1');
    expect(await listProviders(db)).toHaveLength(1);
  });

  it('sets the default model, and deletes a provider after confirmation', async () => {
    const db = freshDb();
    const user = renderPage(db);
    await user.type(screen.getByLabelText('API key'), 'sk-test');
    await user.click(screen.getByRole('button', { name: 'Add provider' }));
    await screen.findByRole('button', { name: 'Delete OpenAI' });

    const defaultPicker = screen.getByRole('combobox', { name: 'Default model' });
    await user.selectOptions(defaultPicker, await within(defaultPicker).findByRole('option', { name: 'gpt-4o' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Default model saved.'));
    expect((await getDefaultModel(db)).model_id).toBe('gpt-4o');

    await user.click(screen.getByRole('button', { name: 'Delete OpenAI' }));
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Delete OpenAI' })).not.toBeInTheDocument());
    expect(screen.getByRole('status')).toHaveTextContent('Deleted OpenAI.');
    expect(await getDefaultModel(db)).toEqual({ provider: 'echo', model_id: 'echo' });
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Default model' })).toHaveValue('echo:echo'));
  });

  it('keeps showing a model whose provider was deleted instead of switching silently', async () => {
    renderPage(freshDb(), 'gone-provider:gpt-4o');
    const picker = screen.getByRole('combobox', { name: 'Model' });
    expect(await within(picker).findByRole('option', { name: 'gpt-4o (not set up on this device)' })).toBeInTheDocument();
    expect(picker).toHaveValue('gone-provider:gpt-4o');
  });

  it('edits a provider: a blank key keeps the saved key, other fields change', async () => {
    const db = freshDb();
    const user = renderPage(db);
    await user.type(screen.getByLabelText('API key'), 'sk-original');
    await user.click(screen.getByRole('button', { name: 'Add provider' }));
    await user.click(await screen.findByRole('button', { name: 'Edit OpenAI' }));

    const form = screen.getByRole('form', { name: 'Edit OpenAI' });
    expect(within(form).getByLabelText('API key')).toHaveValue('');
    const url = within(form).getByRole('textbox', { name: 'Base URL' });
    await user.clear(url);
    await user.type(url, 'https://proxy.example.com/v1');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Saved OpenAI.'));
    expect(screen.queryByRole('form', { name: 'Edit OpenAI' })).not.toBeInTheDocument();
    const [, saved] = await listProviders(db);
    expect(saved).toMatchObject({ name: 'OpenAI', baseUrl: 'https://proxy.example.com/v1', apiKey: 'sk-original' });
    expect(await listProviders(db)).toHaveLength(2);
  });

  it('has no axe accessibility violations, with a provider listed and the edit form open', async () => {
    const db = freshDb();
    const user = renderPage(db);
    await user.type(screen.getByLabelText('API key'), 'sk-test');
    await user.click(screen.getByRole('button', { name: 'Add provider' }));
    await user.click(await screen.findByRole('button', { name: 'Edit OpenAI' }));
    // jsdom has no layout, so contrast is checked in the browser suite, not here.
    const results = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('Theme: Light, Dark and System radios; a choice applies at once and is kept on this device', async () => {
    const user = renderPage(freshDb());
    const theme = screen.getByRole('radiogroup', { name: 'Theme' });
    expect(within(theme).getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual(['light', 'dark', 'system']);
    expect(within(theme).getByRole('radio', { name: 'System' })).toBeChecked();
    await user.click(within(theme).getByRole('radio', { name: 'Dark' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(within(theme).getByRole('radio', { name: 'Dark' })).toBeChecked();
    await user.click(within(theme).getByRole('radio', { name: 'System' }));
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
  });
});
