// Helpers for the PWA browser tests: a preview server of a build that the test can kill and restart (the
// "server gone" part is a real dead process, not request interception), and a persistent Chromium profile
// that survives a browser relaunch with its service worker and IndexedDB.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';

export const ROOT = resolve(import.meta.dirname, '../..');
export const FREE_CHAT_ID = '00000000-0000-4000-8000-000000000003';

export interface AppServer {
  url: string;
  stop(): Promise<void>;
}

/** Serve a built app folder with `vite preview` in a child process of our own. */
export async function startAppServer(outDir: string, port: number): Promise<AppServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`vite preview did not start on ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM'); // the group we started (npx-free, but vite may fork)
      await exited;
    },
  };
}

/**
 * The app with its backend, as `npm start` runs them (scripts/start.ts): the build, /config.json and the
 * local Supabase stand-in keeping its database in `dataDir`, so a restart finds what was synced before.
 */
export async function startAppWithBackend(outDir: string, port: number, backendPort: number, dataDir: string): Promise<AppServer> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/start.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, DIST_DIR: resolve(ROOT, outDir), PORT: String(port), SUPABASE_PORT: String(backendPort), SUPABASE_DATA_DIR: dataDir, HOST: '127.0.0.1' },
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/config.json`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app and backend did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
}

export function makeProfileDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'prompt-runs-pwa-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function launchProfile(dir: string, baseURL: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    baseURL,
    viewport: { width: 390, height: 844 },
  });
  // Echo at 5 ms a token keeps the tests quick.
  await context.addInitScript(() => localStorage.setItem('prompt-runs:echo-delay-ms', '5'));
  return context;
}

const isControlled = () => navigator.serviceWorker.controller !== null;

/** What the page's service worker is doing: no registration, or the state of each of its workers. */
function workerState(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    if (!r) return 'no registration';
    return `installing ${r.installing?.state ?? '-'}, waiting ${r.waiting?.state ?? '-'}, active ${r.active?.state ?? '-'}`;
  });
}

/**
 * Wait until the service worker controls the page. A page that loaded before the worker registered (the app
 * registers it after load, at the first idle moment) is claimed when the worker activates; if that has not
 * happened in 20 s, the page is loaded once more, as a person would, and the worker's state is logged, so a
 * slow or failed install on a loaded host neither fails the test nor goes unseen.
 */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  try {
    await page.waitForFunction(isControlled, undefined, { timeout: 20_000 });
  } catch {
    console.warn(`[e2e] no service worker controls ${page.url()} after 20 s (${await workerState(page)}); reloading`);
    await page.reload();
    try {
      await page.waitForFunction(isControlled, undefined, { timeout: 30_000 });
    } catch (error) {
      throw new Error(`no service worker controls ${page.url()} after a reload and 30 s: ${await workerState(page)}`, { cause: error });
    }
  }
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (registration.active?.state !== 'activated') {
      await new Promise<void>((r) => registration.active?.addEventListener('statechange', () => r()));
    }
  });
}

/** Open the Account page once the service worker controls it, sign up, and wait until signed in. */
export async function signUpInApp(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/account');
  await waitForServiceWorkerControl(page);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByText(`Signed in as ${email}`).waitFor({ timeout: 30_000 });
}

/** Send one message in the runner and wait for Echo's reply to be stored. */
export async function sendAndAwaitEcho(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('article', { name: 'Assistant message' }).filter({ hasText: `Echo: ${text}` }).waitFor();
  await page.getByRole('status', { name: 'Save status' }).filter({ hasText: 'Saved' }).waitFor();
}

/** Messages stored in the device database (read straight from IndexedDB, as the app would after a restart). */
export async function storedMessages(page: Page): Promise<Array<{ runId: string; role: string; content: string }>> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('prompt-runs-local');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('messages', 'readonly');
          const all = tx.objectStore('messages').getAll();
          all.onsuccess = () => {
            resolve(all.result.map((m: { runId: string; role: string; content: string }) => ({ runId: m.runId, role: m.role, content: m.content })));
            open.result.close();
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/** Build the app into `outDir` with APP_VERSION set, so two builds differ as two releases would. */
export function buildApp(outDir: string, version: string): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, APP_VERSION: version },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stderr}`);
}
