// Tiny-scale runs of the comparison, fan-out and analytics benches (tests/bench/app) against the app under
// test, checking the shape of their figures: the same code as `npm run bench`, on a few runs and one round.
// The whole of `npm run bench` at smoke size runs in tests/integration/bench-smoke.test.ts.
import { expect, test } from '@playwright/test';
import { analyticsFigures } from '../bench/app/analytics';
import { compareFigures } from '../bench/app/compare-view';
import { fanOutFigures } from '../bench/app/fan-out';

test('analytics bench runs at a tiny scale', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const f = await analyticsFigures({ browser, appUrl: baseURL! }, 0.01, 1);
  expect(f.seeded.replies).toBe(1000);
  expect(f.first.n).toBe(1);
  expect(f.inApp.n).toBe(1);
  expect(f.change.n).toBe(2);
  expect(f.scan.n).toBe(1);
});

test('compare bench runs at a tiny scale', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const f = await compareFigures({ browser, appUrl: baseURL! }, 20, 1);
  expect(f.first.n).toBe(1);
  expect(f.inApp.n).toBe(1);
  expect(f.resume.n).toBe(1);
  expect(f.scroll.longest).toBeGreaterThanOrEqual(0);
});

test('fan-out bench runs at a tiny scale', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const f = await fanOutFigures({ browser, appUrl: baseURL! }, 1);
  expect(f.fan.n).toBe(4);
  expect(f.single.n).toBe(1);
});
