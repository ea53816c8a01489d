// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';

const loaded: string[] = [];
vi.mock('@/features/analytics/analytics-page', () => {
  loaded.push('analytics page');
  return { AnalyticsPage: () => null };
});
vi.mock('@/features/analytics/chart-setup', () => {
  loaded.push('chart library');
  return {};
});
vi.mock('./compare-route', () => {
  loaded.push('compare view');
  return { CompareRoute: () => null };
});

const { prefetchInAppPages } = await import('./routes');
const { IDLE_START_DELAY_MS } = await import('@/lib/when-idle');

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('prefetchInAppPages', () => {
  it('fetches nothing ahead on a visit the service worker does not control (its install downloads every chunk)', async () => {
    vi.useFakeTimers();
    const idle: Array<() => void> = [];
    vi.stubGlobal('requestIdleCallback', (run: () => void) => idle.push(run));
    vi.stubGlobal('navigator', { ...navigator, serviceWorker: { controller: null } });
    prefetchInAppPages();
    await vi.advanceTimersByTimeAsync(IDLE_START_DELAY_MS * 2);
    expect(idle).toHaveLength(0);
    expect(loaded).toEqual([]);
  });

  it('fetches nothing ahead on a first visit the new worker claims while the app starts', async () => {
    vi.useFakeTimers();
    const idle: Array<() => void> = [];
    vi.stubGlobal('requestIdleCallback', (run: () => void) => idle.push(run));
    const serviceWorker: { controller: object | null } = { controller: null };
    vi.stubGlobal('navigator', { ...navigator, serviceWorker });
    prefetchInAppPages();
    serviceWorker.controller = {}; // clientsClaim, once the worker has cached every chunk
    await vi.advanceTimersByTimeAsync(IDLE_START_DELAY_MS * 2);
    expect(idle).toHaveLength(0);
    expect(loaded).toEqual([]);
  });

  it('fetches the analytics page, its chart library and the compare view only when the browser is idle after the start', async () => {
    vi.useFakeTimers();
    const idle: Array<() => void> = [];
    vi.stubGlobal('requestIdleCallback', (run: () => void) => idle.push(run));
    vi.stubGlobal('navigator', { ...navigator, serviceWorker: { controller: {} } });
    prefetchInAppPages(); // jsdom's document has loaded
    await vi.advanceTimersByTimeAsync(IDLE_START_DELAY_MS - 1);
    expect(idle).toHaveLength(0); // not during the start
    await vi.advanceTimersByTimeAsync(1);
    expect(idle).toHaveLength(1);
    expect(loaded).toEqual([]); // nothing until the browser is idle
    idle.shift()!();
    await vi.waitFor(() => expect(loaded).toEqual(expect.arrayContaining(['analytics page', 'chart library'])));
    expect(loaded).not.toContain('compare view'); // one page per idle period
    await vi.waitFor(() => expect(idle).toHaveLength(1));
    idle.shift()!();
    await vi.waitFor(() => expect(loaded).toContain('compare view'));
  });
});
