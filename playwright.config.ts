import { defineConfig, devices } from '@playwright/test';

// Browser tests run the built app (dist/) in the system Chromium; never a downloaded browser.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4310);
// E2E_DIST lets a developer test a build in another folder while someone else rebuilds dist/.
const DIST = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: './tests/e2e',
  outputDir: process.env.E2E_OUTPUT ?? 'test-results',
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.tmp/playwright-results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    // A trace is recorded on a test's retry only (CI retries once): recording one for every test, kept on
    // failure, made the browser tests take 1.8× as long (contrast and sync specs: 308 s against 174 s).
    // `--trace on` records one for a test that fails locally.
    trace: 'on-first-retry',
  },
  projects: [
    { name: 'desktop', testIgnore: /lighthouse\.spec\.ts$/, use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } } },
    // Measured alone, once every other browser test is done: a test running beside it on the other worker
    // would take the CPU its scores depend on. One worker, so a retry never runs beside the installable test.
    { name: 'lighthouse', testMatch: /lighthouse\.spec\.ts$/, dependencies: ['desktop'], workers: 1 },
  ],
  webServer: {
    command: `npx vite preview --port ${APP_PORT} --strictPort --host 127.0.0.1 --outDir ${DIST}`,
    url: `http://127.0.0.1:${APP_PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
