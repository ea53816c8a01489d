// The model picker used by the prompt editor, the runner and the settings page: a native <select> of
// every provider's models, valued 'provider:model'. Echo is always there, so there is always a choice.
import { useId } from 'react';
import { ECHO_PROVIDER_ID, type ProviderConfig } from '@/lib/llm/types';
import { fromModelValue, toModelValue } from '@/lib/llm/model-value';
import { modelLabel } from '@/lib/llm/model-label';
import { useProviders } from '@/lib/data/use-providers';

export interface ModelSelectProps {
  /** 'provider:model', e.g. 'echo:echo'. */
  value: string;
  onChange: (value: string) => void;
  /** Visible label and accessible name; "Model" unless the page needs another. */
  label?: string;
  disabled?: boolean;
  /** The name saved with the run or prompt for `value`, shown when this device lacks its provider. */
  savedLabel?: string | undefined;
  /** In a line of text (the runner's header): the label is for screen readers, the select compact. */
  inline?: boolean;
}

function optionLabel(provider: ProviderConfig, model: string): string {
  return provider.id === ECHO_PROVIDER_ID ? provider.name : model;
}

export function ModelSelect({ value, onChange, label = 'Model', disabled, savedLabel, inline = false }: ModelSelectProps) {
  const id = useId();
  const providers = useProviders();
  const known = providers?.some((p) => p.models.some((m) => toModelValue({ provider: p.id, model_id: m }) === value)) ?? true;
  // A run or prompt may name a provider deleted since; show it rather than silently switching models.
  const missing = known ? null : fromModelValue(value);
  return (
    <div className={inline ? 'inline-flex min-w-0' : 'flex flex-col gap-1'}>
      <label htmlFor={id} className={inline ? 'sr-only' : 'text-sm font-medium text-slate-800'}>
        {label}
      </label>
      <select
        id={id}
        value={value}
        disabled={disabled || providers === undefined}
        onChange={(e) => onChange(e.target.value)}
        className={
          inline
            ? 'min-h-11 min-w-0 max-w-full truncate rounded-md border border-slate-500 bg-white px-2 text-sm text-slate-900 pointer-fine:min-h-8 pointer-fine:text-xs'
            : 'min-h-11 w-full rounded-md border border-slate-500 bg-white px-3 text-base text-slate-900 sm:text-sm'
        }
      >
        {providers === undefined ? <option value={value}>Loading models…</option> : null}
        {missing ? <option value={value}>{`${modelLabel({ ...missing, model_label: savedLabel })} (not set up on this device)`}</option> : null}
        {providers?.map((p) => (
          <optgroup key={p.id} label={p.id === ECHO_PROVIDER_ID ? 'Built in' : p.name}>
            {p.models.map((m) => (
              <option key={m} value={toModelValue({ provider: p.id, model_id: m })}>
                {optionLabel(p, m)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
