// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { freshDb } from '@/test/fresh-db';
import { preloadStartRoute } from '@/app/routes';
import { DbProvider } from './db-context';
import { sharedLiveQuery, useSharedLiveQuery } from './shared-live-query';
import { sharedUsageTotals } from './use-usage-totals';

afterEach(cleanup);

describe('sharedLiveQuery', () => {
  it('primed before any reader, its answer is in the first render of the reader mounting later', async () => {
    const db = freshDb();
    await db.meta.put({ key: 'greeting', value: 'hello' });
    const query = vi.fn(async () => (await db.meta.get('greeting'))?.value as string | undefined);
    const shared = sharedLiveQuery(query, { what: 'the greeting' });
    shared.prime(db);
    await waitFor(() => expect(shared.current(db)).toBe('hello'));
    const renders: Array<string | undefined> = [];
    function Greeting() {
      const value = useSharedLiveQuery(shared);
      renders.push(value);
      return <p>{value ?? 'loading'}</p>;
    }
    render(
      <DbProvider db={db}>
        <Greeting />
      </DbProvider>,
    );
    expect(renders[0]).toBe('hello');
    expect(query).toHaveBeenCalledTimes(1); // the reader joined the primed query: no read of its own

    await db.meta.put({ key: 'greeting', value: 'hi' });
    await waitFor(() => expect(screen.getByText('hi')).toBeTruthy());
  });

  it('the analytics route, opened first, reads the usage totals while the app starts', async () => {
    const db = freshDb();
    await db.table('usageTotals').put({ id: '2026-12-01|p|m', day: '2026-12-01', promptId: 'p', modelId: 'm', modelName: 'm', runs: 1, replies: 2,
      inputTokens: 3, outputTokens: 4, estimatedReplies: 0, totalTime: 5, timedReplies: 1, timeToFirstToken: 6, firstTokenReplies: 1 });
    preloadStartRoute('/ai/prompts/runs', db);
    preloadStartRoute('/ai/prompts/analytics', db);
    await waitFor(() => expect(sharedUsageTotals.current(db)?.map((r) => r.id)).toEqual(['2026-12-01|p|m']));
  });
});
