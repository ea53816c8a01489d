import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_REPORT } from '../../build/bundle-report';
import { checkBundle, findNeverShipped } from './bundle-check';

const dist = mkdtempSync(join(tmpdir(), 'prompt-runs-dist-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

function writeReport(report: Record<string, string[]>) {
  const file = join(dist, BUNDLE_REPORT);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(report));
}

describe('bundle check', () => {
  it('passes a bundle of app modules and libraries', () => {
    writeReport({ 'assets/app.js': ['src/app/boot.ts', 'sync/db.ts', 'node_modules/dexie/dist/dexie.mjs'] });
    expect(checkBundle(dist)).toEqual([]);
  });

  it('names each fake, test kit or stand-in module that shipped, and the chunk it is in', () => {
    const report = {
      'assets/app.js': ['src/app/boot.ts', 'sync/engine/fake-server.ts', 'src/test/fresh-db.ts'],
      'assets/account.js': ['supabase/local/server.ts', 'sync/test-support.ts', 'src/features/runs/test/render-library.tsx'],
    };
    writeReport(report);
    expect(findNeverShipped(report).map((s) => s.module)).toEqual([
      'sync/engine/fake-server.ts', 'src/test/fresh-db.ts', 'supabase/local/server.ts', 'sync/test-support.ts', 'src/features/runs/test/render-library.tsx',
    ]);
    expect(checkBundle(dist)).toContain('assets/account.js ships supabase/local/server.ts');
  });

  it('fails without a report, or with one that lists no app module (a build that wrote none is no pass)', () => {
    writeReport({ 'assets/x.js': ['node_modules/react/index.js'] });
    expect(checkBundle(dist)[0]).toContain('lists no app module');
    expect(checkBundle(join(dist, 'nowhere'))[0]).toContain('is missing');
  });
});
