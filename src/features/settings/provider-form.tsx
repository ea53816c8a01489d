// Add or edit a provider. Adding: a preset fills in name, base URL and suggested models. Editing: a blank
// key keeps the saved one, so fixing a URL never means retyping a key. Nothing is stored until
// validation passes, and on error every typed value stays.
import { useState, type FormEvent } from 'react';
import { useDb } from '@/lib/data/db-context';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { findPreset, PROVIDER_PRESETS } from '@/lib/llm/presets';
import { saveProvider } from '@/lib/llm/providers-store';
import { parseModelList } from '@/lib/llm/validate-provider';
import type { ProviderConfig } from '@/lib/llm/types';

interface FormState {
  presetId: string;
  name: string;
  baseUrl: string;
  apiKey: string;
  models: string;
}

function fromPreset(presetId: string): FormState {
  const preset = findPreset(presetId) ?? PROVIDER_PRESETS[0]!;
  const isCustom = preset.id === 'custom';
  return { presetId: preset.id, name: isCustom ? '' : preset.label, baseUrl: preset.baseUrl, apiKey: '', models: preset.models.join(', ') };
}

function fromProvider(p: ProviderConfig): FormState {
  return { presetId: '', name: p.name, baseUrl: p.baseUrl ?? '', apiKey: '', models: p.models.join(', ') };
}

export interface ProviderFormProps {
  /** The provider being edited; absent when adding. */
  editing?: ProviderConfig;
  onSaved: (provider: ProviderConfig, added: boolean) => void;
  onCancel?: () => void;
}

export function ProviderForm({ editing, onSaved, onCancel }: ProviderFormProps) {
  const db = useDb();
  const [form, setForm] = useState<FormState>(() => (editing ? fromProvider(editing) : fromPreset('openai')));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (key: keyof FormState, value: string) => setForm((f) => ({ ...f, [key]: value }));
  const preset = findPreset(form.presetId);
  const title = editing ? `Edit ${editing.name}` : 'Add a provider';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    const result = await saveProvider(db, {
      id: editing?.id ?? '',
      kind: editing?.kind ?? preset?.kind ?? 'openai-compatible',
      name: form.name,
      baseUrl: form.baseUrl,
      apiKey: form.apiKey || editing?.apiKey,
      models: parseModelList(form.models),
    });
    setSaving(false);
    if (!result.ok) return setError(result.error.message);
    setError(null);
    if (!editing) setForm(fromPreset(form.presetId));
    onSaved(result.value, !editing);
  }

  const keyHint = editing
    ? editing.apiKey
      ? 'Leave blank to keep the saved key.'
      : 'Stored only on this device and sent only to this provider.'
    : preset?.needsKey
      ? 'Stored only on this device and sent only to this provider.'
      : 'Optional for local servers. Stored only on this device.';

  return (
    <form onSubmit={submit} aria-label={title} className="flex flex-col gap-3" noValidate>
      <h2 className="text-lg font-semibold">{title}</h2>
      {editing ? null : (
        <div className="flex flex-col gap-1">
          <label htmlFor="provider-preset" className="text-sm font-medium text-slate-800">
            Preset
          </label>
          <select
            id="provider-preset"
            value={form.presetId}
            onChange={(e) => {
              const presetId = e.target.value;
              // A typed key survives a change of mind about the preset.
              setForm((f) => ({ ...fromPreset(presetId), apiKey: f.apiKey }));
            }}
            className="min-h-11 rounded-md border border-slate-500 bg-white px-3 text-base sm:text-sm"
          >
            {PROVIDER_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <TextField label="Name" value={form.name} onChange={(e) => set('name', e.target.value)} required autoFocus={editing !== undefined} />
      <TextField label="Base URL" type="url" inputMode="url" value={form.baseUrl} onChange={(e) => set('baseUrl', e.target.value)} hint={editing ? undefined : preset?.hint} />
      <TextField label="API key" type="password" autoComplete="off" value={form.apiKey} onChange={(e) => set('apiKey', e.target.value)} hint={keyHint} />
      <TextField label="Models" value={form.models} onChange={(e) => set('models', e.target.value)} hint="Model names, separated by commas." />
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={saving}>
          {editing ? 'Save changes' : 'Add provider'}
        </Button>
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
      </div>
    </form>
  );
}
