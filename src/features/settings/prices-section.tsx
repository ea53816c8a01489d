// Settings → Prices: dollars per million input and output tokens for each model, which every cost on
// screen uses. Kept on this device, like the providers; defaults cover the presets' models.
import { useState } from 'react';
import { Trash2 } from 'lucide-react';
import { useDb } from '@/lib/data/db-context';
import { usePrices } from '@/lib/data/use-prices';
import { useProviders } from '@/lib/data/use-providers';
import { Button } from '@/components/ui/button';
import { removePrice, resetPrices, setPrice } from '@/lib/usage/prices-store';
import type { ModelPrice } from '@sync/usage/prices';

const INPUT = 'min-h-11 w-28 rounded-md border border-slate-500 bg-white px-2 text-base text-slate-900 sm:text-sm aria-[invalid=true]:border-red-600';

function parseDollars(text: string): number | null {
  const value = Number(text.trim().replace(/^\$/, ''));
  return text.trim() !== '' && Number.isFinite(value) && value >= 0 ? value : null;
}

export function PricesSection({ onMessage }: { onMessage: (text: string) => void }) {
  const db = useDb();
  const prices = usePrices();
  const providers = useProviders();
  const models = Object.keys(prices ?? {}).sort((a, b) => a.localeCompare(b));
  const unpriced = [...new Set((providers ?? []).flatMap((p) => p.models))].filter((m) => prices && !(m in prices));

  async function save(model: string, price: ModelPrice) {
    const result = await setPrice(db, model, price);
    onMessage(result.ok ? `Saved the price of ${model.trim()}.` : result.error.message);
    return result.ok;
  }

  return (
    <section aria-labelledby="prices-title" className="flex flex-col gap-2">
      <h2 id="prices-title" className="text-lg font-semibold">
        Prices
      </h2>
      <p className="text-sm text-slate-600">
        US dollars per million tokens, used for every cost the app shows. Kept on this device, like your providers. Costs of replies
        whose tokens are estimated are marked ≈.
      </p>
      {prices ? (
        <div className="overflow-x-auto">
          <table className="text-left text-sm">
            <caption className="sr-only">Price per million tokens by model</caption>
            <thead>
              <tr className="text-slate-700">
                <th scope="col" className="py-1 pr-3 font-medium">Model</th>
                <th scope="col" className="py-1 pr-3 font-medium">Input ($ / 1M)</th>
                <th scope="col" className="py-1 pr-3 font-medium">Output ($ / 1M)</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {models.map((model) => (
                <PriceRow
                  key={`${model}:${prices[model]!.input}:${prices[model]!.output}`}
                  model={model}
                  price={prices[model]!}
                  onSave={(price) => save(model, price)}
                  onRemove={async () => {
                    const result = await removePrice(db, model);
                    onMessage(result.ok ? `Removed the price of ${model}.` : result.error.message);
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Loading prices…</p>
      )}
      {unpriced.length > 0 ? (
        <p className="text-sm text-slate-700">Without a price (no cost shown): {unpriced.join(', ')}.</p>
      ) : null}
      <AddPrice suggestions={unpriced} onSave={save} />
      <div>
        <Button
          variant="ghost"
          onClick={async () => {
            const result = await resetPrices(db);
            onMessage(result.ok ? 'Prices reset to the defaults.' : result.error.message);
          }}
        >
          Reset to default prices
        </Button>
      </div>
    </section>
  );
}

function PriceRow({ model, price, onSave, onRemove }: { model: string; price: ModelPrice; onSave: (p: ModelPrice) => Promise<boolean>; onRemove: () => void }) {
  const [input, setInput] = useState(String(price.input));
  const [output, setOutput] = useState(String(price.output));
  const commit = () => {
    const next = { input: parseDollars(input), output: parseDollars(output) };
    if (next.input === null || next.output === null) return;
    if (next.input === price.input && next.output === price.output) return;
    void onSave({ input: next.input, output: next.output });
  };
  return (
    <tr className="border-t border-slate-100">
      <th scope="row" className="py-1 pr-3 font-medium text-slate-900">{model}</th>
      <td className="py-1 pr-3">
        <input
          className={INPUT}
          inputMode="decimal"
          aria-label={`Input price of ${model}`}
          aria-invalid={parseDollars(input) === null}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      </td>
      <td className="py-1 pr-3">
        <input
          className={INPUT}
          inputMode="decimal"
          aria-label={`Output price of ${model}`}
          aria-invalid={parseDollars(output) === null}
          value={output}
          onChange={(e) => setOutput(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      </td>
      <td className="py-1">
        <Button variant="ghost" aria-label={`Remove the price of ${model}`} onClick={onRemove}>
          <Trash2 className="size-4" aria-hidden="true" />
        </Button>
      </td>
    </tr>
  );
}

function AddPrice({ suggestions, onSave }: { suggestions: string[]; onSave: (model: string, price: ModelPrice) => Promise<boolean> }) {
  const [model, setModel] = useState('');
  const [input, setInput] = useState('');
  const [output, setOutput] = useState('');
  const [error, setError] = useState('');
  const listId = 'price-model-suggestions';
  return (
    <form
      aria-label="Add a price"
      className="flex flex-wrap items-end gap-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const i = parseDollars(input);
        const o = parseDollars(output);
        if (!model.trim()) return setError('Name the model (its id, as in the provider’s model list).');
        if (i === null || o === null) return setError('Prices are numbers of dollars per million tokens, 0 or more.');
        setError('');
        if (await onSave(model, { input: i, output: o })) {
          setModel('');
          setInput('');
          setOutput('');
        }
      }}
    >
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        Model id
        <input className={`${INPUT} w-48`} list={listId} value={model} onChange={(e) => setModel(e.target.value)} />
        <datalist id={listId}>
          {suggestions.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        Input ($ / 1M)
        <input className={INPUT} inputMode="decimal" value={input} onChange={(e) => setInput(e.target.value)} />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        Output ($ / 1M)
        <input className={INPUT} inputMode="decimal" value={output} onChange={(e) => setOutput(e.target.value)} />
      </label>
      <Button type="submit">Add price</Button>
      {error ? <p role="alert" className="basis-full text-sm text-red-700">{error}</p> : null}
    </form>
  );
}
