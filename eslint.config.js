// Lint: typescript-eslint and the React hooks rules, plus the house's boundaries (which folder may import
// which). Each boundary says why in its message, so whoever hits one learns where the code belongs.
// Import cycles, file sizes and the built bundle are checked by scripts/checks (run by `npm test`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { readdirSync } from 'node:fs';
import { URL } from 'node:url';

const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const FAKES = ['sync/engine/fake-server.ts', 'sync/engine/fake-transport.ts', 'sync/engine/test-world.ts', 'sync/test-support.ts'];
const NO_FAKES = 'Test fakes and the local Supabase stand-in never ship in the app bundle: import them only from tests.';
/** Test code: tests, test kits and fakes. They may compose anything, but never ship in the app. */
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/test/**', 'tests/**', ...FAKES];

const SYNC_ALONE = {
  target: 'sync',
  from: ['src', 'supabase/local', 'tests'],
  message:
    'sync/ is the data layer and engine (it also runs in the service worker and in Node): it never imports the app, the local stand-in or tests. Take what it needs as a port (a parameter).',
};
const STANDIN_ALONE = {
  target: 'supabase/local',
  from: ['src'],
  message: 'supabase/local is a server: it shares the wire types in sync/protocol.ts with the app, never the app\'s code.',
};
/** Zones for app code (tests are exempt: a test may render the whole app). */
const APP_ZONES = [
  SYNC_ALONE,
  STANDIN_ALONE,
  ...features.map((feature) => ({
    target: `src/features/${feature}`,
    from: 'src/features',
    except: [`./${feature}`],
    message:
      'A feature does not import another feature: move what both need to src/lib or src/components, or compose the two in src/app.',
  })),
  {
    target: 'src/features',
    from: 'src/app',
    message: 'src/app composes the features, so a feature that imports it makes a cycle: shared pieces belong in src/lib or src/components.',
  },
  {
    target: ['src/lib', 'src/components', 'src/pwa'],
    from: ['src/features', 'src/app'],
    message: 'src/lib, src/components and src/pwa serve every feature, so they cannot depend on one (nor on the app that composes them).',
  },
  { target: 'src', from: ['supabase/local', 'tests', 'src/test', ...FAKES], message: NO_FAKES },
  { target: 'sync', from: FAKES, message: NO_FAKES },
];

const DEXIE = {
  message: 'Dexie is wrapped by the data layer: read through a hook in src/lib/data (add one there), write through sync/store.',
};
const SUPABASE = {
  name: '@supabase/supabase-js',
  message: 'supabase-js is wrapped by src/lib/supabase (auth, config) and sync/engine (transport): go through them.',
};
const restrictLibraries = (...paths) => ['error', { paths }];
/** The same libraries through import(), which no-restricted-imports does not see. */
const RESTRICTED_SYNTAX = [
  'error',
  { selector: 'ImportExpression[source.value=/^(dexie|dexie-react-hooks)$/]', message: DEXIE.message },
  { selector: 'ImportExpression[source.value="@supabase/supabase-js"]', message: SUPABASE.message },
  {
    selector: 'JSXAttribute[name.name="className"] Literal[value=/(^|\\s)animate-spin(\\s|$)/]',
    message: 'A turning icon is a <Spinner> (src/components/ui/spinner.tsx): a smooth spin draws 60 frames a second for as long as the work lasts',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'dev-dist/**', 'node_modules/**', '.tmp/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'scripts/checks/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^useLiveData$' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/no-restricted-paths': ['error', { zones: APP_ZONES }],
      'no-restricted-imports': restrictLibraries(
        { name: 'dexie', ...DEXIE },
        { name: 'dexie-react-hooks', ...DEXIE },
        SUPABASE,
      ),
      'no-restricted-syntax': RESTRICTED_SYNTAX,
    },
  },
  { files: TEST_FILES, rules: { 'import-x/no-restricted-paths': ['error', { zones: [SYNC_ALONE, STANDIN_ALONE] }] } },
  // The adapters: the only places besides sync/ that import the wrapped libraries.
  {
    files: ['sync/**', 'supabase/**', 'tests/**', 'scripts/**', '*.config.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
  { files: ['src/lib/data/**', 'src/lib/supabase/**'], rules: { 'no-restricted-syntax': 'off' } },
  { files: ['src/lib/data/**'], rules: { 'no-restricted-imports': restrictLibraries(SUPABASE) } },
  {
    files: ['src/lib/supabase/**'],
    rules: { 'no-restricted-imports': restrictLibraries({ name: 'dexie', ...DEXIE }, { name: 'dexie-react-hooks', ...DEXIE }) },
  },
);
