// Settings: the model providers, their keys, the default model for new prompts, and prices (device-only);
// the tags and folders of runs (synced).
import { useState } from 'react';
import { useDb } from '@/lib/data/db-context';
import { InstallSettings } from '@/pwa/install-settings';
import { StorageSettings } from '@/pwa/storage-settings';
import { fromModelValue, toModelValue } from '@/lib/llm/model-value';
import { setDefaultModel } from '@/lib/llm/providers-store';
import type { ProviderConfig } from '@/lib/llm/types';
import { ModelSelect } from '@/components/model-select';
import { ProviderForm } from './provider-form';
import { PricesSection } from './prices-section';
import { ProviderList } from './provider-list';
import { ThemeSetting } from './theme-setting';
import { TagsSection } from './tags-section';
import { FoldersSection } from './folders-section';
import { useDefaultModel, useProviders } from '@/lib/data/use-providers';

export function SettingsPage() {
  const db = useDb();
  const providers = useProviders();
  const defaultModel = useDefaultModel();
  const [message, setMessage] = useState('');
  const [editing, setEditing] = useState<ProviderConfig | null>(null);

  // A provider deleted (in this or another tab) while being edited must not come back on save.
  const editingLive = editing && providers?.find((p) => p.id === editing.id);

  async function chooseDefault(value: string) {
    const result = await setDefaultModel(db, fromModelValue(value));
    setMessage(result.ok ? 'Default model saved.' : result.error.message);
  }

  return (
    <div className="flex flex-col gap-8 p-4">
      <h1 className="text-2xl font-semibold">Settings</h1>
      {/* In the page from the start (a live region must exist before it speaks), but it takes no room
          until it has something to say. */}
      <p role="status" className={message ? '-mt-4 text-sm text-slate-700' : 'sr-only'}>
        {message}
      </p>
      <section aria-labelledby="default-model-title" className="flex max-w-md flex-col gap-2">
        <h2 id="default-model-title" className="text-lg font-semibold">
          Default model
        </h2>
        {defaultModel ? (
          <ModelSelect label="Default model" value={toModelValue(defaultModel)} onChange={(v) => void chooseDefault(v)} />
        ) : null}
      </section>
      <section aria-labelledby="providers-title" className="flex flex-col gap-2">
        <h2 id="providers-title" className="text-lg font-semibold">
          Providers
        </h2>
        <p className="text-sm text-slate-600">API keys stay on this device: they are never synced and are sent only to their provider.</p>
        {providers ? <ProviderList providers={providers} onEdit={setEditing} onMessage={setMessage} /> : <p>Loading providers…</p>}
      </section>
      <section className="max-w-md">
        {editingLive ? (
          <ProviderForm
            key={editingLive.id}
            editing={editingLive}
            onSaved={(p) => {
              setEditing(null);
              setMessage(`Saved ${p.name}.`);
            }}
            onCancel={() => setEditing(null)}
          />
        ) : (
          <ProviderForm onSaved={(p) => setMessage(`Added ${p.name}.`)} />
        )}
      </section>
      <PricesSection onMessage={setMessage} />
      <TagsSection onMessage={setMessage} />
      <FoldersSection onMessage={setMessage} />
      <ThemeSetting />
      <InstallSettings />
      <StorageSettings />
    </div>
  );
}
