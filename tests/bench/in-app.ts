// In-app navigation figures: how long a page takes to show when a person opens it inside the running app (a
// nav link, a button), as opposed to a cold load of its URL. Timed in the page, from the click's pointerdown
// (its event time, so an input kept waiting by a busy main thread counts) to a performance mark or a text on
// screen, with no Playwright wait running in the page meanwhile (see untilMark in app/analytics.ts).
import type { Locator, Page } from '@playwright/test';

/** What ends the figure: a performance mark made after the click, or a text on screen (checked each frame). */
export type InAppEnd = { mark: string } | { text: string };

export interface InAppRound {
  /** The page the person is on (a full load: each round is a fresh session of the app). */
  startUrl: string;
  /** Resolves once that page shows what a person waits for before doing anything (e.g. its list). */
  ready: (page: Page) => Promise<void>;
  /** How long the app has been up before the click, once ready: a person's session, not a race with the start. */
  settleMs: number;
  /** Anything done before the timed click (e.g. selecting runs); not timed. */
  before?: (page: Page) => Promise<void>;
  /** The control clicked; the figure starts at its pointerdown. */
  target: (page: Page) => Locator;
  end: InAppEnd;
}

/** One round: returns the ms from the pointerdown on the target to the end (mark made, or text on screen). */
export async function timeInApp(page: Page, round: InAppRound): Promise<number> {
  await page.goto(round.startUrl);
  await round.ready(page);
  await page.waitForTimeout(round.settleMs);
  await round.before?.(page);
  const target = round.target(page);
  await target.waitFor(); // the locator resolved (Playwright's page script parsed) before the timed click
  await page.evaluate((end) => {
    const w = window as unknown as { __inApp?: Promise<number> };
    w.__inApp = new Promise<number>((resolve, reject) => {
      setTimeout(() => reject(new Error(`${JSON.stringify(end)} not reached 60 s after the click`)), 60_000);
      addEventListener('pointerdown', (event) => {
        const t0 = event.timeStamp;
        if ('mark' in end) {
          const after = () => performance.getEntriesByName(end.mark).find((e) => e.startTime >= t0);
          const observer = new PerformanceObserver(() => {
            const hit = after();
            if (!hit) return;
            observer.disconnect();
            resolve(hit.startTime - t0);
          });
          observer.observe({ type: 'mark' });
          return;
        }
        // textContent first: reading innerText every frame would lay the changing page out each frame.
        const check = () => {
          if (document.body.textContent?.includes(end.text) && document.body.innerText.includes(end.text)) return resolve(performance.now() - t0);
          requestAnimationFrame(check);
        };
        check();
      }, { capture: true, once: true });
    });
  }, round.end);
  await target.click();
  return page.evaluate(() => (window as unknown as { __inApp: Promise<number> }).__inApp);
}
