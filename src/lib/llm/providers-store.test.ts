import { afterEach, describe, expect, it, vi } from 'vitest';
import { freshDb } from '@sync/test-support';
import {
  deleteProvider,
  ECHO_MODEL_REF,
  getDefaultModel,
  getProvider,
  listProviders,
  PROVIDERS_KEY,
  saveProvider,
  setDefaultModel,
} from './providers-store';
import { ECHO_PROVIDER, type ProviderConfig } from './types';

const groq: ProviderConfig = {
  id: '',
  kind: 'openai-compatible',
  name: ' Groq ',
  baseUrl: 'https://api.groq.com/openai/v1/',
  apiKey: ' gsk-secret ',
  models: ['llama-3.1-8b', ' ', 'llama-3.1-8b', 'mixtral'],
};

afterEach(() => vi.restoreAllMocks());

describe('providers store', () => {
  it('always lists the built-in Echo first, even on an empty device', async () => {
    const db = freshDb();
    expect(await listProviders(db)).toEqual([ECHO_PROVIDER]);
    expect(ECHO_PROVIDER.name).toBe('Echo (offline)');
  });

  it('saves a provider trimmed, with an id, and lists it after Echo', async () => {
    const db = freshDb();
    const saved = await saveProvider(db, groq);
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.value).toMatchObject({ name: 'Groq', baseUrl: 'https://api.groq.com/openai/v1', apiKey: 'gsk-secret', models: ['llama-3.1-8b', 'mixtral'] });
    expect(saved.value.id).not.toBe('');
    const list = await listProviders(db);
    expect(list.map((p) => p.name)).toEqual(['Echo (offline)', 'Groq']);
    expect(await getProvider(db, saved.value.id)).toEqual(saved.value);
  });

  it('keeps the API key in the device-only settings table and nowhere that syncs', async () => {
    const db = freshDb();
    await saveProvider(db, groq);
    const record = await db.settings.get(PROVIDERS_KEY);
    expect(JSON.stringify(record)).toContain('gsk-secret');
    for (const table of [db.prompts, db.runs, db.messages, db.outbox, db.meta]) {
      expect(JSON.stringify(await table.toArray())).not.toContain('gsk-secret');
    }
  });

  it('refuses to delete or overwrite Echo', async () => {
    const db = freshDb();
    const del = await deleteProvider(db, 'echo');
    expect(del.ok).toBe(false);
    if (!del.ok) expect(del.error.message).toBe('Echo (offline) is built in and cannot be deleted.');
    const over = await saveProvider(db, { ...ECHO_PROVIDER, models: ['other'] });
    expect(over.ok).toBe(false);
    expect((await listProviders(db))[0]).toEqual(ECHO_PROVIDER);
  });

  it('rejects bad input with a clear message and stores nothing', async () => {
    const db = freshDb();
    const cases: Array<[Partial<ProviderConfig>, string]> = [
      [{ name: '  ' }, 'Give the provider a name.'],
      [{ baseUrl: '' }, 'Enter the base URL, e.g. https://api.openai.com/v1.'],
      [{ baseUrl: 'javascript:alert(1)' }, '"javascript:alert(1)" is not a valid http(s) URL.'],
      [{ models: [' ', ''] }, 'List at least one model, separated by commas.'],
      [{ kind: 'anthropic', apiKey: '' }, 'Anthropic needs an API key.'],
    ];
    for (const [patch, message] of cases) {
      const result = await saveProvider(db, { ...groq, ...patch });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatchObject({ reason: 'invalid_input', message });
    }
    expect(await db.settings.get(PROVIDERS_KEY)).toBeUndefined();
  });

  it('deletes a provider by id', async () => {
    const db = freshDb();
    const saved = await saveProvider(db, groq);
    if (!saved.ok) throw saved.error;
    expect((await deleteProvider(db, saved.value.id)).ok).toBe(true);
    expect(await listProviders(db)).toEqual([ECHO_PROVIDER]);
    const again = await deleteProvider(db, saved.value.id);
    expect(again.ok ? null : again.error.reason).toBe('not_found');
  });

  it('skips a corrupt record with a warning, and keeps it when another provider is saved', async () => {
    const db = freshDb();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const corrupt = { id: 'x', kind: 'openai-compatible', name: 42, models: 'nope' };
    await db.settings.put({ key: PROVIDERS_KEY, value: [corrupt, null] });
    expect(await listProviders(db)).toEqual([ECHO_PROVIDER]);
    expect(warn).toHaveBeenCalledWith('prompt-runs: skipped a corrupt provider record', corrupt);
    await saveProvider(db, groq);
    expect((await listProviders(db)).map((p) => p.name)).toEqual(['Echo (offline)', 'Groq']);
    expect((await db.settings.get(PROVIDERS_KEY))?.value).toContainEqual(corrupt);
  });

  it('survives a provider list that is not a list at all', async () => {
    const db = freshDb();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await db.settings.put({ key: PROVIDERS_KEY, value: 'garbage' });
    expect(await listProviders(db)).toEqual([ECHO_PROVIDER]);
  });

  it('defaults to Echo, remembers a chosen default, and falls back when its provider is deleted', async () => {
    const db = freshDb();
    expect(await getDefaultModel(db)).toEqual(ECHO_MODEL_REF);
    const saved = await saveProvider(db, groq);
    if (!saved.ok) throw saved.error;
    const ref = { provider: saved.value.id, model_id: 'mixtral' };
    expect((await setDefaultModel(db, ref)).ok).toBe(true);
    expect(await getDefaultModel(db)).toEqual(ref);
    const bogus = await setDefaultModel(db, { provider: saved.value.id, model_id: 'gpt-9' });
    expect(bogus.ok).toBe(false);
    await deleteProvider(db, saved.value.id);
    expect(await getDefaultModel(db)).toEqual(ECHO_MODEL_REF);
  });
});
