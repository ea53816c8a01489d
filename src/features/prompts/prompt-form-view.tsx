// The prompt editor form. Variables are detected live from the system message and user template as the
// user types; each gets a default-value input.
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { Prompt } from '@sync/model';
import { createPrompt, updatePrompt } from '@sync/store/prompts';
import { useDb } from '@/lib/data/db-context';
import { Button, ButtonLink } from '@/components/ui/button';
import { TextAreaField, TextField } from '@/components/ui/field';
import { ModelSelect } from '@/components/model-select';
import { useProviders } from '@/lib/data/use-providers';
import { nameModel } from '@/lib/llm/model-label';
import { fromModelValue } from '@/lib/llm/model-value';
import { detectVariables, toFormState, toPromptInput, type FormErrors, type PromptFormState } from './prompt-form';
import { VariableDefaults } from './variable-defaults';
import { SourceRunLink } from './source-run-link';
import { PromptHistoryButton } from '@/components/organize/prompt-history';

interface PromptFormProps {
  prompt: Prompt | null;
  defaultModel?: string | undefined;
  /** A version restored from History: the form shows the prompt as it is now. */
  onRestored?: (prompt: Prompt) => void;
}

export function PromptForm({ prompt, defaultModel, onRestored }: PromptFormProps) {
  const db = useDb();
  const navigate = useNavigate();
  const [state, setState] = useState<PromptFormState>(() => toFormState(prompt, defaultModel));
  const [errors, setErrors] = useState<FormErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const variables = detectVariables(state);
  const providers = useProviders();
  // The model's name as people read it: from this device's provider, else the name the prompt was saved with.
  const picked = fromModelValue(state.model);
  const provider = providers?.find((p) => p.id === picked.provider);
  const keptName = prompt && state.model === `${prompt.settings.provider}:${prompt.settings.model_id}` && typeof prompt.settings.model_label === 'string'
    ? prompt.settings.model_label
    : undefined;
  const modelName = provider && picked.model_id ? nameModel(provider, picked.model_id) : keptName;

  const set = <K extends keyof PromptFormState>(key: K, value: PromptFormState[K]) =>
    setState((current) => ({ ...current, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = toPromptInput(state, prompt?.variables, modelName);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setSaving(true);
    const result = prompt ? await updatePrompt(db, prompt.id, parsed.input) : await createPrompt(db, parsed.input);
    setSaving(false);
    if (!result.ok) {
      // The form keeps everything typed, so nothing is lost when the save fails.
      setSaveError(result.error.message);
      return;
    }
    void navigate('/ai/prompts');
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4 p-3 sm:p-6" aria-labelledby="prompt-form-title">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 id="prompt-form-title" className="text-xl font-semibold">
          {prompt ? `Edit “${prompt.name}”` : 'New prompt'}
        </h1>
        {prompt ? <PromptHistoryButton prompt={prompt} {...(onRestored ? { onRestored } : {})} /> : null}
      </div>
      {prompt?.source_run_id ? <SourceRunLink runId={prompt.source_run_id} /> : null}
      <TextField label="Name" value={state.name} onChange={(e) => set('name', e.target.value)} required error={errors.name} />
      <TextAreaField label="Description" rows={2} value={state.description} onChange={(e) => set('description', e.target.value)} />
      <TextAreaField label="System message" mono rows={4} value={state.system_message} onChange={(e) => set('system_message', e.target.value)} error={errors.system_message} />
      <TextAreaField
        label="User template"
        mono
        rows={5}
        value={state.user_template}
        onChange={(e) => set('user_template', e.target.value)}
        error={errors.user_template}
        hint="Write {{name}} (or {{a longer name}}) where a value should go; each variable gets an input when you run the prompt."
      />
      <VariableDefaults
        names={variables}
        defaults={state.defaults}
        onChange={(defaults) => set('defaults', defaults)}
        privateNames={state.privateNames}
        onPrivateChange={(names) => set('privateNames', names)}
      />
      <fieldset className="flex flex-col gap-3 rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-sm font-semibold">Model settings</legend>
        <ModelSelect value={state.model} onChange={(value) => set('model', value)} savedLabel={keptName} />
        {errors.model ? <p className="text-sm text-red-700">{errors.model}</p> : null}
        <div className="grid grid-cols-2 gap-3">
          <TextField label="Temperature" type="number" inputMode="decimal" min={0} max={2} step={0.1} value={state.temperature}
            onChange={(e) => set('temperature', e.target.value)} error={errors.temperature} />
          <TextField label="Max tokens" type="number" inputMode="numeric" min={1} step={1} value={state.max_tokens}
            onChange={(e) => set('max_tokens', e.target.value)} error={errors.max_tokens} />
        </div>
      </fieldset>
      {saveError ? <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">{saveError}</p> : null}
      {Object.keys(errors).length > 0 ? <p role="alert" className="text-sm text-red-700">Fix the highlighted fields to save.</p> : null}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={saving}>Save prompt</Button>
        <ButtonLink to="/ai/prompts" variant="ghost">Cancel</ButtonLink>
      </div>
    </form>
  );
}
