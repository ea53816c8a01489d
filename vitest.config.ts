import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * Files that take minutes, started first: on a fresh clone (no timings kept from a last run) vitest starts the
 * largest files first, and the bench smoke (195 s, a small file) ran last, alone on one worker, for its last
 * three minutes (513 s in CI).
 */
const LONGEST = ['tests/integration/bench-smoke.test.ts', 'tests/integration/sync-property.test.ts'];
const rank = (spec: TestSpecification) => {
  const i = LONGEST.findIndex((f) => spec.moduleId.endsWith(f));
  return i === -1 ? LONGEST.length : i;
};

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      '@sync': fileURLToPath(new URL('./sync', import.meta.url)),
    },
  },
  test: {
    setupFiles: ['./tests/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'build/**/*.test.ts', 'sync/**/*.test.ts', 'supabase/**/*.test.ts', 'tests/unit/**/*.test.{ts,tsx}', 'tests/sql/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // Component tests opt in with `// @vitest-environment jsdom` at the top of the file.
    testTimeout: 20_000,
    sequence: { sequencer: LongestFirst },
    hookTimeout: 60_000,
    // In CI a failed test runs once more, as Playwright's do (playwright.config.ts): a few tests hold a
    // timing (linear appends, equal sign-in timing) that a busy host can upset once. `npm test` lists every
    // test that needed it ("flaky, passed on retry"), so a retry never hides a test that fails for good.
    retry: process.env.CI ? 1 : 0,
  },
});
