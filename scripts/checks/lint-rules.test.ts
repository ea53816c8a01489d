// Each boundary in eslint.config.js, shown to catch a deliberate violation (and to say why), and test
// code shown to be exempt where the config says it is. The files are virtual: linted as if at that path.
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const eslint = new ESLint({ cwd: root });

async function lint(filePath: string, importLine: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${importLine}\nexport const used = [imported];\n`, { filePath: resolve(root, filePath) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const cases: Array<[rule: string, file: string, importLine: string, why: string]> = [
  ['sync/ never imports the app', 'sync/store/violation.ts', "import { routes as imported } from '@/app/routes';", 'sync/ is the data layer'],
  ['sync/ never imports tests', 'sync/violation.ts', "import { startOpenAiTestServer as imported } from '../tests/support/openai-test-server';", 'never imports the app, the local stand-in or tests'],
  ['sync/ never imports the stand-in', 'sync/engine/violation.ts', "import { startLocalSupabase as imported } from '../../supabase/local/server';", 'sync/ is the data layer'],
  ['a feature never imports another', 'src/features/runs/violation.ts', "import { RunnerPage as imported } from '@/features/runner/runner-page';", 'A feature does not import another feature'],
  ['a feature never imports the app', 'src/features/prompts/violation.ts', "import { routes as imported } from '@/app/routes';", 'src/app composes the features'],
  ['shared code never imports a feature', 'src/lib/violation.ts', "import { RunsPage as imported } from '@/features/runs/runs-page';", 'serve every feature'],
  ['no dexie-react-hooks in a feature', 'src/features/runs/violation.ts', "import { useLiveQuery as imported } from 'dexie-react-hooks';", 'read through a hook in src/lib/data'],
  ['no dexie in a feature', 'src/features/settings/violation.ts', "import imported from 'dexie';", 'Dexie is wrapped by the data layer'],
  ['no supabase-js in a feature', 'src/features/account/violation.ts', "import { createClient as imported } from '@supabase/supabase-js';", 'supabase-js is wrapped'],
  ['no lazy dexie in a feature', 'src/features/runs/violation.ts', "const imported = () => import('dexie');", 'Dexie is wrapped by the data layer'],
  ['no lazy supabase-js in app code', 'src/pwa/violation.ts', "const imported = () => import('@supabase/supabase-js');", 'supabase-js is wrapped'],
  ['no supabase-js in the data hooks', 'src/lib/data/violation.ts', "import { createClient as imported } from '@supabase/supabase-js';", 'supabase-js is wrapped'],
  ['no test fake in app code', 'src/pwa/violation.ts', "import { FakeSyncServer as imported } from '@sync/engine/fake-server';", 'never ship in the app bundle'],
  ['no test kit in app code', 'src/app/violation.ts', "import { freshDb as imported } from '@/test/fresh-db';", 'never ship in the app bundle'],
  ['no stand-in in app code', 'src/lib/violation.ts', "import { startLocalSupabase as imported } from '../../supabase/local/server';", 'never ship in the app bundle'],
  ['no fake in sync app code', 'sync/engine/violation.ts', "import { createFakeTransport as imported } from './fake-transport';", 'never ship in the app bundle'],
  ['a turning icon is a Spinner', 'src/features/runs/violation.tsx', 'const imported = <svg className="size-3 animate-spin" />;', 'A turning icon is a <Spinner>'],
  ['the stand-in never imports the app', 'supabase/local/violation.ts', "import { routes as imported } from '../../src/app/routes';", 'supabase/local is a server'],
];

describe('lint boundaries bite', () => {
  it.each(cases)('%s', async (_rule, file, importLine, why) => {
    const messages = await lint(file, importLine);
    expect(messages.length, `no error for ${file}: ${importLine}`).toBeGreaterThan(0);
    expect(messages.join('\n')).toContain(why);
  });

  it('lets code import within its own room and through the adapters', async () => {
    expect(await lint('src/features/runs/ok.ts', "import { RunsLibrary as imported } from './runs-library';")).toEqual([]);
    expect(await lint('src/features/runs/ok.ts', "import { usePrompts as imported } from '@/lib/data/use-prompts';")).toEqual([]);
    expect(await lint('src/lib/data/ok.ts', "import { useLiveQuery as imported } from 'dexie-react-hooks';")).toEqual([]);
    expect(await lint('src/lib/supabase/ok.ts', "import { createClient as imported } from '@supabase/supabase-js';")).toEqual([]);
    expect(await lint('sync/ok.ts', "import imported from 'dexie';")).toEqual([]);
    expect(await lint('src/features/runs/ok.tsx', 'const imported = <span className="motion-safe:animate-spin-steps" />;')).toEqual([]);
  });

  it('lets tests compose features and use fakes, but not make sync/ depend on the app', async () => {
    expect(await lint('src/features/runs/ok.test.ts', "import { RunnerPage as imported } from '@/features/runner/runner-page';")).toEqual([]);
    expect(await lint('src/features/runs/ok.test.ts', "import { FakeSyncServer as imported } from '@sync/engine/fake-server';")).toEqual([]);
    expect((await lint('sync/engine/violation.test.ts', "import { routes as imported } from '@/app/routes';")).join('\n')).toContain('sync/ is the data layer');
  });

  it('runs the React hooks rules', async () => {
    const [result] = await eslint.lintText(
      "import { useState } from 'react';\nexport function useOdd(on: boolean) {\n  if (on) useState(0);\n}\n",
      { filePath: resolve(root, 'src/lib/violation.ts') },
    );
    expect(result?.messages.map((m) => m.ruleId)).toContain('react-hooks/rules-of-hooks');
  });
});
