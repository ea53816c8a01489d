// Prices per model (US dollars per million input and output tokens) and what a reply or a run costs.
// Keyed by the model's API id ('gpt-4o-mini'), the same on every provider and device.

export interface ModelPrice {
  /** Dollars per million input (prompt) tokens. */
  input: number;
  /** Dollars per million output (completion) tokens. */
  output: number;
}

export type PriceTable = Record<string, ModelPrice>;

/**
 * Defaults for the presets' models (list prices as published by their vendors), Echo and local models
 * free. A person edits them in Settings; a model without a price shows no cost.
 */
export const DEFAULT_PRICES: Readonly<PriceTable> = Object.freeze({
  echo: { input: 0, output: 0 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'openai/gpt-4o-mini': { input: 0.15, output: 0.6 },
  'llama3.2': { input: 0, output: 0 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
});

const MAX_PRICE = 1_000_000;

export function isValidPrice(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= MAX_PRICE;
}

/** A stored table, checked entry by entry: an entry that does not fit is dropped (never a crash). */
export function parsePriceTable(raw: unknown): PriceTable | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const table: PriceTable = {};
  for (const [model, value] of Object.entries(raw as Record<string, unknown>)) {
    const price = value as Partial<ModelPrice> | null;
    if (!model.trim() || typeof price !== 'object' || price === null) continue;
    if (typeof price.input !== 'number' || typeof price.output !== 'number') continue;
    if (!isValidPrice(price.input) || !isValidPrice(price.output)) continue;
    table[model] = { input: price.input, output: price.output };
  }
  return table;
}

/** Dollars for these token counts at this price; null when the model has no price. */
export function costOf(tokens: { input: number; output: number }, price: ModelPrice | undefined): number | null {
  if (!price) return null;
  return (tokens.input * price.input + tokens.output * price.output) / 1_000_000;
}
