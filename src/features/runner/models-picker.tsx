// "Models": more models for the first message. Each one picked gets its own run of the same input,
// streamed in parallel and opened side by side. Offline, models that need the network cannot be picked.
import { useProviders } from '@/lib/data/use-providers';
import { toModelValue } from '@/lib/llm/model-value';
import { modelDisplayName } from '@/lib/usage/model-name';
import { useOnline } from '@/pwa/online-status';
import { answersOffline, MAX_MODELS } from './fan-out';

interface ModelsPickerProps {
  /** The run's own model ('provider:model'), always part of it. */
  model: string;
  extra: string[];
  onChange: (extra: string[]) => void;
}

export function ModelsPicker({ model, extra, onChange }: ModelsPickerProps) {
  const providers = useProviders();
  const online = useOnline();
  if (!providers) return null;
  const options = providers.flatMap((p) => p.models.map((m) => ({ value: toModelValue({ provider: p.id, model_id: m }), name: modelDisplayName(p, m), offline: answersOffline(p) })));
  if (options.length < 2) return null;
  const full = extra.length + 1 >= MAX_MODELS;
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="mb-1 text-sm font-semibold">Models</legend>
      <p id="models-hint" className="text-sm text-slate-700">
        {extra.length === 0
          ? `Pick more models to send the first message to each (up to ${MAX_MODELS}); their runs open side by side.`
          : `Sending to ${extra.length + 1} models: one run each, opened side by side.`}
      </p>
      <div className="flex flex-wrap gap-x-4">
        {options.map((o) => {
          const own = o.value === model;
          const picked = own || extra.includes(o.value);
          const needsNetwork = !online && !o.offline;
          return (
            <label key={o.value} className={`flex min-h-11 items-center gap-2 text-sm ${needsNetwork ? 'text-slate-600' : 'text-slate-900'}`}>
              <input
                type="checkbox"
                className="size-5"
                checked={picked && !needsNetwork}
                disabled={own || needsNetwork || (!picked && full)}
                aria-describedby="models-hint"
                onChange={(e) => onChange(e.target.checked ? [...extra, o.value] : extra.filter((v) => v !== o.value))}
              />
              {o.name}
              {own ? <span className="text-slate-700">(this run’s model)</span> : null}
              {needsNetwork ? <span className="text-amber-800">(needs the network: you are offline)</span> : null}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
