// @vitest-environment jsdom
// The pointer on a nav link starts its page's reads: the analytics figures are being read before the click.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { renderApp } from '@/test/render-app';
import { sharedUsageTotals } from '@/lib/data/use-usage-totals';

let restoreLayout: () => void;
beforeAll(() => {
  restoreLayout = installLayout();
});
afterAll(() => restoreLayout());
afterEach(cleanup);

describe('nav links', () => {
  it('the pointer on "Analytics" starts reading its figures before the click', async () => {
    const db = freshDb();
    const user = userEvent.setup();
    renderApp(db, '/ai/prompts/runs');
    const link = await screen.findByRole('link', { name: 'Analytics' });
    expect(sharedUsageTotals.current(db)).toBeUndefined();
    await user.hover(link);
    await expect.poll(() => sharedUsageTotals.current(db)).toBeDefined();
    expect(window.location.pathname).not.toBe('/ai/prompts/analytics');
    expect(screen.queryByRole('heading', { name: 'Analytics', level: 1 })).toBeNull();
  });
});
