// Open a share link: ask the server (anonymously, with /config.json's project and anon key only) for the
// run the token names, keep the answer on the device for offline reading, and forget it once the server
// says the link is dead. Plain fetch: the shared page loads no supabase-js, no account and no database.
import { parseConfig } from '@/lib/supabase/runtime-config';
import { parseSharedRunAnswer, type SharedRunView } from '@sync/share/shared-view';
import { hashShareToken, SHARE_TOKEN_PATTERN } from '@sync/share/share-token';
import { readCachedSharedRun, removeCachedSharedRun, writeCachedSharedRun } from './shared-run-cache';

export type SharedRunLoad =
  | { kind: 'ok'; view: SharedRunView; from: 'server' }
  /** The server could not be asked (offline, down, rate limited): the copy this device kept. */
  | { kind: 'ok'; view: SharedRunView; from: 'cache'; savedAt: string; why: 'offline' | 'rate_limited' }
  | { kind: 'unavailable' }
  | { kind: 'offline' }
  | { kind: 'rate_limited' }
  | { kind: 'error'; message: string };

const TIMEOUT_MS = 15_000;

type Ask = { kind: 'answer'; body: unknown } | { kind: 'offline' } | { kind: 'rate_limited' } | { kind: 'error'; message: string };

async function ask(token: string, fetchFn: typeof fetch): Promise<Ask> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const configResponse = await fetchFn('/config.json', { cache: 'no-store', signal: controller.signal });
    const isJson = (configResponse.headers.get('content-type') ?? '').includes('json');
    if (!configResponse.ok || !isJson) {
      return configResponse.status >= 500 ? { kind: 'offline' } : { kind: 'error', message: 'This copy of the app has no sync server, so it cannot open share links.' };
    }
    const config = parseConfig(await configResponse.json());
    if (!config.ok) return { kind: 'error', message: 'This copy of the app is not set up to open share links (its /config.json is incomplete).' };
    const { supabaseUrl, supabaseAnonKey } = config.data;
    const response = await fetchFn(new URL('rest/v1/rpc/get_shared_run', supabaseUrl.replace(/\/?$/, '/')).toString(), {
      method: 'POST',
      headers: {
        apikey: supabaseAnonKey,
        authorization: `Bearer ${supabaseAnonKey}`,
        'content-type': 'application/json',
        'content-profile': 'public',
      },
      body: JSON.stringify({ token }),
      signal: controller.signal,
      // The link's token is in this page's URL: never send it on as a referrer.
      referrerPolicy: 'no-referrer',
    });
    if (response.status === 429) return { kind: 'rate_limited' };
    if (response.status >= 500 || response.status === 408) return { kind: 'offline' };
    if (!response.ok) return { kind: 'error', message: `The server refused to open the link (HTTP ${response.status}).` };
    return { kind: 'answer', body: await response.json() };
  } catch {
    return { kind: 'offline' };
  } finally {
    clearTimeout(timer);
  }
}

export async function loadSharedRun(token: string, fetchFn: typeof fetch = (input, init) => fetch(input, init)): Promise<SharedRunLoad> {
  if (!SHARE_TOKEN_PATTERN.test(token)) return { kind: 'unavailable' };
  const key = await hashShareToken(token);
  const answer = await ask(token, fetchFn);
  if (answer.kind === 'answer') {
    const parsed = parseSharedRunAnswer(answer.body);
    if (!parsed.ok) return { kind: 'error', message: parsed.error.message };
    if (parsed.value.status === 'unavailable') {
      await removeCachedSharedRun(key);
      return { kind: 'unavailable' };
    }
    await writeCachedSharedRun(key, parsed.value.view, new Date().toISOString());
    return { kind: 'ok', view: parsed.value.view, from: 'server' };
  }
  if (answer.kind === 'error') return answer;
  const cached = await readCachedSharedRun(key);
  const parsedCache = cached ? parseSharedRunAnswer(cached.answer) : null;
  if (cached && parsedCache?.ok && parsedCache.value.status === 'ok') {
    const { view } = parsedCache.value;
    // An expiry passed meanwhile closes the link here too, even without the server.
    if (view.expires_at && Date.parse(view.expires_at) <= Date.now()) {
      await removeCachedSharedRun(key);
      return { kind: 'unavailable' };
    }
    return { kind: 'ok', view, from: 'cache', savedAt: cached.savedAt, why: answer.kind };
  }
  return { kind: answer.kind };
}
