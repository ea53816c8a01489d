// The real browser path: system Chromium loads streamChat from a Vite dev server and calls the local
// OpenAI test server cross-origin (CORS preflight, `dangerouslyAllowBrowser`, lazily imported SDK).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import { startOpenAiTestServer, TEST_SERVER_REPLY, TEST_SERVER_USAGE, type OpenAiTestServer } from '../support/openai-test-server';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

let api: OpenAiTestServer;
let vite: ViteDevServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  api = await startOpenAiTestServer();
  vite = await createServer({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    // Its own optimizer cache, so it never races a teammate's dev server over node_modules/.vite.
    cacheDir: '.tmp/vite-llm-browser',
    server: { port: 0, strictPort: false, host: '127.0.0.1', hmr: false },
    // Pre-bundle the SDK up front so a mid-test dependency discovery cannot reload the page.
    optimizeDeps: { include: ['openai'], noDiscovery: true },
  });
  await vite.listen();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage();
  // Any dev-server URL gives the page the app's origin; a small module keeps the app itself out of it.
  await page.goto(`${vite.resolvedUrls!.local[0]}src/lib/llm/types.ts`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await vite?.close();
  await api?.close();
});

interface BrowserResult {
  text: string;
  chunks: number;
  tokens: number;
  reason: string | null;
  message: string;
}

// Passed as source text: vitest rewrites `import()` inside test functions, which the page cannot run.
const BROWSER_RUN = `async ({ url, apiKey }) => {
  const { streamChat } = await import('/src/lib/llm/stream-chat.ts');
  const provider = { id: 'p', kind: 'openai-compatible', name: 'Test Server', baseUrl: url, apiKey, models: ['test-model'] };
  const texts = [];
  let tokens = -1;
  try {
    const request = { provider, model: 'test-model', messages: [{ role: 'user', content: 'hi' }], signal: new AbortController().signal };
    for await (const e of streamChat(request, { maxRetries: 0 })) {
      if (e.type === 'text') texts.push(e.text);
      else tokens = e.tokens;
    }
    return { text: texts.join(''), chunks: texts.length, tokens, reason: null, message: '' };
  } catch (e) {
    return { text: texts.join(''), chunks: texts.length, tokens, reason: e.reason ?? 'not an LlmError', message: e.message };
  }
}`;

async function runInBrowser(apiKey: string): Promise<BrowserResult> {
  return page.evaluate(`(${BROWSER_RUN})(${JSON.stringify({ url: api.url, apiKey })})`) as Promise<BrowserResult>;
}

describe('streamChat in Chromium against the OpenAI test server', () => {
  it('streams the reply across origins and reports usage', async () => {
    const result = await runInBrowser('sk-browser');
    expect(result).toMatchObject({ text: TEST_SERVER_REPLY, tokens: TEST_SERVER_USAGE.completion_tokens, reason: null });
    expect(result.chunks).toBeGreaterThan(3);
    expect(api.requests.at(-1)?.authorization).toBe('Bearer sk-browser');
  });

  it('shows a rejected key as an auth error, and a dropped stream as stream_dropped', async () => {
    expect(await runInBrowser('sk-mode-401')).toMatchObject({ reason: 'auth', message: 'Test Server rejected the API key (401). Check the key in Settings.' });
    expect(await runInBrowser('sk-mode-dropped')).toMatchObject({ reason: 'stream_dropped' });
  });
});
