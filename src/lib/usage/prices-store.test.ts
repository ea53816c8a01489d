// The device's price table: defaults until edited, edits and removals kept, a corrupt record never a crash.
import { describe, expect, it } from 'vitest';
import { freshDb } from '@/test/fresh-db';
import { DEFAULT_PRICES } from '@sync/usage/prices';
import { getPrices, PRICES_KEY, removePrice, resetPrices, setPrice } from './prices-store';

describe('prices store', () => {
  it('starts with the defaults for the presets’ models', async () => {
    const prices = await getPrices(freshDb());
    expect(prices).toEqual(DEFAULT_PRICES);
    expect(prices['claude-sonnet-4-5']).toEqual({ input: 3, output: 15 });
  });

  it('keeps edits, additions and removals; reset brings the defaults back', async () => {
    const db = freshDb();
    expect((await setPrice(db, 'gpt-4o', { input: 2, output: 8 })).ok).toBe(true);
    expect((await setPrice(db, ' qwen2.5:7b ', { input: 0, output: 0 })).ok).toBe(true);
    expect((await removePrice(db, 'gpt-4o-mini')).ok).toBe(true);
    const prices = await getPrices(db);
    expect(prices['gpt-4o']).toEqual({ input: 2, output: 8 });
    expect(prices['qwen2.5:7b']).toEqual({ input: 0, output: 0 });
    expect(prices['gpt-4o-mini']).toBeUndefined();
    await resetPrices(db);
    expect(await getPrices(db)).toEqual(DEFAULT_PRICES);
  });

  it('refuses negative or non-numeric prices and unnamed models with a clear message', async () => {
    const db = freshDb();
    const negative = await setPrice(db, 'gpt-4o', { input: -1, output: 2 });
    expect(negative.ok).toBe(false);
    if (!negative.ok) expect(negative.error.message).toMatch(/dollars per million tokens/);
    expect((await setPrice(db, '  ', { input: 1, output: 2 })).ok).toBe(false);
    expect((await setPrice(db, 'x', { input: Number.NaN, output: 2 })).ok).toBe(false);
  });

  it('an unreadable stored table falls back to the defaults', async () => {
    const db = freshDb();
    await db.settings.put({ key: PRICES_KEY, value: 'garbage' });
    expect(await getPrices(db)).toEqual(DEFAULT_PRICES);
  });
});
