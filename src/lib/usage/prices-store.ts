// Owns the device's price table in the Dexie `settings` table (key 'prices'). Prices stay on this device,
// like the providers they go with: which models exist (and what a local one costs) is a device's own
// setting, while the token counts they multiply are stored on each reply and sync with it.
import type { PromptRunsDB } from '@sync/db';
import { AppError, err, ok, type Result } from '@sync/model';
import { isQuotaError } from '@sync/store/write';
import { DEFAULT_PRICES, isValidPrice, parsePriceTable, type ModelPrice, type PriceTable } from '@sync/usage/prices';

export const PRICES_KEY = 'prices';

/** The table in force: the saved one, or the defaults until the person edits a price. */
export async function getPrices(db: PromptRunsDB): Promise<PriceTable> {
  const record = await db.settings.get(PRICES_KEY);
  if (record === undefined) return { ...DEFAULT_PRICES };
  const parsed = parsePriceTable(record.value);
  if (!parsed) console.warn('prompt-runs: the saved price table is unreadable; using the default prices');
  return parsed ?? { ...DEFAULT_PRICES };
}

function storageError(error: unknown): AppError {
  if (isQuotaError(error)) return new AppError('quota_exceeded', 'The device is out of storage space: the price was not saved.', error);
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('storage_failed', `Could not save prices on this device: ${message}`, error);
}

async function write(db: PromptRunsDB, change: (table: PriceTable) => PriceTable): Promise<Result<PriceTable>> {
  try {
    const table = await db.transaction('rw', db.settings, async () => {
      const next = change(await getPrices(db));
      await db.settings.put({ key: PRICES_KEY, value: next });
      return next;
    });
    return ok(table);
  } catch (error) {
    return err(storageError(error));
  }
}

/** Adds or changes one model's price. */
export async function setPrice(db: PromptRunsDB, modelId: string, price: ModelPrice): Promise<Result<PriceTable>> {
  const model = modelId.trim();
  if (!model) return err(new AppError('invalid_input', 'Name the model the price is for.'));
  if (!isValidPrice(price.input) || !isValidPrice(price.output)) {
    return err(new AppError('invalid_input', 'A price is a number of dollars per million tokens, 0 or more.'));
  }
  return write(db, (table) => ({ ...table, [model]: { input: price.input, output: price.output } }));
}

export function removePrice(db: PromptRunsDB, modelId: string): Promise<Result<PriceTable>> {
  return write(db, (table) => Object.fromEntries(Object.entries(table).filter(([m]) => m !== modelId)));
}

export function resetPrices(db: PromptRunsDB): Promise<Result<PriceTable>> {
  return write(db, () => ({ ...DEFAULT_PRICES }));
}
