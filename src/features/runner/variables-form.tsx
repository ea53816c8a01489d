// Before the first message: the model for this run and one input per variable, labelled by the
// variable's exact name and prefilled with its default. Empty values are allowed and pointed out.
import { useId, type ReactNode } from 'react';
import { ModelSelect } from '@/components/model-select';

interface VariablesFormProps {
  names: string[];
  values: Record<string, string>;
  model: string;
  /** The prompt's saved name for `model`, for a device without its provider. */
  modelName?: string | undefined;
  preview: string;
  onChange: (name: string, value: string) => void;
  onModelChange: (model: string) => void;
  /** Shown under the model picker: more models to send the first message to. */
  moreModels?: ReactNode;
}

export function VariablesForm({ names, values, model, modelName, preview, onChange, onModelChange, moreModels }: VariablesFormProps) {
  const baseId = useId();
  const empty = names.filter((name) => (values[name] ?? '') === '');
  return (
    <div className="flex flex-col gap-4 p-3 sm:p-4">
      <ModelSelect value={model} onChange={onModelChange} savedLabel={modelName} />
      {moreModels}
      {names.length > 0 ? (
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1 text-sm font-semibold">Variables</legend>
          {names.map((name, i) => (
            <div key={name} className="flex flex-col gap-1">
              <label htmlFor={`${baseId}-${i}`} className="font-mono text-sm text-slate-800">
                {name}
              </label>
              <textarea
                id={`${baseId}-${i}`}
                rows={1}
                className="min-h-11 w-full resize-y rounded-md border border-slate-500 bg-white px-3 py-2.5 text-base [field-sizing:content] sm:text-sm"
                value={values[name] ?? ''}
                onChange={(e) => onChange(name, e.target.value)}
              />
            </div>
          ))}
          {empty.length > 0 ? (
            <p className="text-sm text-amber-800">
              No value for {empty.join(', ')}: {empty.length === 1 ? 'it' : 'they'} will be left blank.
            </p>
          ) : null}
        </fieldset>
      ) : null}
      {preview ? (
        <details className="rounded-md border border-slate-200 bg-white p-2 text-sm">
          <summary className="min-h-11 cursor-pointer content-center">First message preview</summary>
          <pre className="whitespace-pre-wrap font-sans text-slate-700">{preview}</pre>
        </details>
      ) : (
        <p className="text-sm text-slate-500">Type a message to start the run.</p>
      )}
    </div>
  );
}
