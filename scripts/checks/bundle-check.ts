// Nothing in the built app comes from the local Supabase stand-in, the tests or the test fakes: reads the
// module list the build wrote beside the bundle (build/bundle-report.ts). `npm test` runs it after the build.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_REPORT, type BundleReport } from '../../build/bundle-report';

/** Source paths that must never ship in the app. */
export const NEVER_SHIPPED: RegExp[] = [
  /^supabase\//,
  /^tests\//,
  /(^|\/)test\//,
  /\.test\.tsx?$/,
  /^sync\/engine\/(fake-server|fake-transport|test-world)\.ts$/,
  /^sync\/test-support\.ts$/,
];

export interface Shipped {
  chunk: string;
  module: string;
}

export function findNeverShipped(report: BundleReport): Shipped[] {
  return Object.entries(report).flatMap(([chunk, modules]) =>
    modules.filter((module) => NEVER_SHIPPED.some((rule) => rule.test(module))).map((module) => ({ chunk, module })),
  );
}

export function checkBundle(dist: string): string[] {
  const file = join(dist, BUNDLE_REPORT);
  if (!existsSync(file)) return [`${file} is missing: build the app first (npx vite build)`];
  const report = JSON.parse(readFileSync(file, 'utf8')) as BundleReport;
  const chunks = Object.keys(report);
  if (!chunks.some((chunk) => report[chunk]?.some((module) => module.startsWith('src/')))) return [`${file} lists no app module`];
  return findNeverShipped(report).map(({ chunk, module }) => `${chunk} ships ${module}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = checkBundle(join(process.cwd(), 'dist'));
  for (const problem of problems) console.error(`bundle check: ${problem} (tests and fakes never ship in the app)`);
  if (problems.length === 0) console.log('bundle check: nothing from supabase/, tests or fakes in dist/');
  process.exit(problems.length ? 1 : 0);
}
