// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { freshDb } from '@/test/fresh-db';
import { setPrice } from '@/lib/usage/prices-store';
import { DbProvider } from './db-context';
import { usePrices } from './use-prices';

function PriceOf({ n }: { n: number }) {
  const prices = usePrices();
  return <p>{`row ${n}: ${prices ? String(prices['bench-model']?.input ?? 'none') : 'loading'}`}</p>;
}

afterEach(cleanup);

describe('usePrices', () => {
  it('reads the table once for every reader on screen, and a price edit reaches them all', async () => {
    const db = freshDb();
    const reads = vi.spyOn(db.settings, 'get');
    render(
      <DbProvider db={db}>
        {Array.from({ length: 40 }, (_, n) => (
          <PriceOf key={n} n={n} />
        ))}
      </DbProvider>,
    );
    await waitFor(() => expect(screen.getAllByText(/: none$/)).toHaveLength(40));
    // One live query (Dexie may run it twice as it starts), not one per reader (80 reads before).
    expect(reads.mock.calls.length).toBeLessThanOrEqual(2);
    reads.mockClear();

    expect((await setPrice(db, 'bench-model', { input: 3, output: 4 })).ok).toBe(true);
    await waitFor(() => expect(screen.getAllByText(/: 3$/)).toHaveLength(40));
    expect(reads.mock.calls.length).toBeLessThanOrEqual(3); // the edit's own read, and the query's re-reads
  });
});
