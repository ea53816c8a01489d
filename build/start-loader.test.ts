// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAfterFirstPaint, type StartFiles } from './start-loader';

const files: StartFiles = { entry: '/assets/index.js', common: ['/assets/react.js', '/assets/app.js'], startPage: ['/assets/start-page.js'], startPaths: ['/', '/ai/prompts'] };

const started = () => [...document.head.querySelectorAll('script')].map((s) => s.getAttribute('src'));
const preloaded = () => [...document.head.querySelectorAll('link[rel=modulepreload]')].map((l) => l.getAttribute('href'));

/** A PerformanceObserver for the paint timeline that the test feeds. */
function fakePaintTiming(supported: string[]) {
  const observers: Array<(names: string[]) => void> = [];
  class FakeObserver {
    static supportedEntryTypes = supported;
    disconnected = false;
    constructor(private readonly callback: (list: { getEntriesByName(name: string): unknown[] }, observer: FakeObserver) => void) {}
    observe() {
      observers.push((names) => {
        if (!this.disconnected) this.callback({ getEntriesByName: (name) => names.filter((n) => n === name) }, this);
      });
    }
    disconnect() {
      this.disconnected = true;
    }
  }
  vi.stubGlobal('PerformanceObserver', FakeObserver);
  return { paint: (...names: string[]) => observers.forEach((deliver) => deliver(names)) };
}

beforeEach(() => {
  vi.useFakeTimers();
  document.head.replaceChildren();
  window.history.replaceState(null, '', '/ai/prompts');
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('startAfterFirstPaint', () => {
  it('starts the entry once the first contentful paint is reported, then preloads one file per task', () => {
    const timing = fakePaintTiming(['paint']);
    startAfterFirstPaint(files);
    timing.paint('first-paint');
    expect(started()).toEqual([]);
    timing.paint('first-contentful-paint');
    expect(started()).toEqual(['/assets/index.js']);
    expect(preloaded()).toEqual(['/assets/react.js']);
    vi.advanceTimersByTime(0);
    expect(preloaded()).toEqual(['/assets/react.js', '/assets/app.js']);
    vi.runAllTimers();
    expect(preloaded()).toEqual(['/assets/react.js', '/assets/app.js', '/assets/start-page.js']);
    expect(started()).toHaveLength(1); // the 3 s guard does not start it twice
  });

  it("fetches the start page's files only on a start URL", () => {
    window.history.replaceState(null, '', '/settings');
    fakePaintTiming(['paint']);
    startAfterFirstPaint(files);
    vi.runAllTimers();
    expect(started()).toEqual(['/assets/index.js']);
    expect(preloaded()).toEqual(['/assets/react.js', '/assets/app.js']);
  });

  it('starts a frame later without paint timing, and after 3 s when no paint ever comes', () => {
    fakePaintTiming([]);
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    startAfterFirstPaint(files);
    expect(started()).toEqual([]);
    frames.forEach((frame) => frame(0));
    vi.advanceTimersByTime(0);
    expect(started()).toEqual(['/assets/index.js']);

    document.head.replaceChildren();
    fakePaintTiming(['paint']);
    startAfterFirstPaint(files);
    vi.advanceTimersByTime(2999);
    expect(started()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(started()).toEqual(['/assets/index.js']);
  });

  it('starts at once in a hidden page, which paints nothing', () => {
    fakePaintTiming(['paint']);
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    startAfterFirstPaint(files);
    expect(started()).toEqual(['/assets/index.js']);
  });
});
