// Where the app finds its Supabase project: `/config.json` served beside the app ({supabaseUrl,
// supabaseAnonKey}). No file, or a bad one, means local-only mode: the app works fully without an account.
// Checked with sync/checks (not zod): this runs on every start, and zod's core would weigh on the first route.
import * as c from '@sync/checks';

export interface RuntimeConfig {
  supabaseUrl: string;
  supabaseAnonKey: string;
  /** The project runs Supabase Realtime: subscribe to sync notices as a hint to pull. Default off. */
  realtime?: boolean;
}

const fields = { supabaseUrl: c.url, supabaseAnonKey: c.string(1), realtime: c.optional(c.boolean) };

/** The config, or the names of every field that is missing or wrong (all of them, to fix in one go). */
export function parseConfig(value: unknown): { ok: true; data: RuntimeConfig } | { ok: false; fields: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, fields: ['(the whole file)'] };
  const body = value as Record<string, unknown>;
  const wrong = Object.entries(fields).filter(([key, check]) => {
    try {
      check(body[key], key);
      return false;
    } catch {
      return true;
    }
  });
  if (wrong.length > 0) return { ok: false, fields: wrong.map(([key]) => key) };
  const data: RuntimeConfig = { supabaseUrl: body.supabaseUrl as string, supabaseAnonKey: body.supabaseAnonKey as string };
  if (body.realtime !== undefined) data.realtime = body.realtime as boolean;
  return { ok: true, data };
}

export type ConfigResult = { mode: 'sync'; config: RuntimeConfig } | { mode: 'local-only'; reason: string };

const CACHE_KEY = 'prompt-runs.runtime-config';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The last good config, so a signed-in person who opens the app offline still gets their own data. */
function cachedConfig(): RuntimeConfig | null {
  const raw = storage()?.getItem(CACHE_KEY);
  if (!raw) return null;
  try {
    const parsed = parseConfig(JSON.parse(raw));
    return parsed.ok ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function loadRuntimeConfig(fetchFn: typeof fetch = (input, init) => fetch(input, init)): Promise<ConfigResult> {
  let response: Response;
  try {
    response = await fetchFn('/config.json', { cache: 'no-store' });
  } catch {
    const cached = cachedConfig();
    return cached ? { mode: 'sync', config: cached } : { mode: 'local-only', reason: 'There was no connection to load the sync settings: reload the app once online to sign in.' };
  }
  // A dev server or static host answers unknown paths with the app's HTML: that means "no config".
  const isJson = (response.headers.get('content-type') ?? 'application/json').includes('json');
  if (!response.ok || !isJson) {
    // Only a copy that was configured before has a shared copy to drop (a local-only start loads nothing more).
    const cache = storage();
    if (!cache || cache.getItem(CACHE_KEY) !== null) void mirror(null);
    storage()?.removeItem(CACHE_KEY);
    return { mode: 'local-only', reason: 'This copy of the app has no sync server configured.' };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { mode: 'local-only', reason: 'The sync settings (/config.json) are not valid JSON.' };
  }
  const parsed = parseConfig(body);
  if (!parsed.ok) return { mode: 'local-only', reason: `The sync settings are incomplete: ${parsed.fields.join(', ')}.` };
  storage()?.setItem(CACHE_KEY, JSON.stringify(parsed.data));
  void mirror(parsed.data); // not awaited: app start does not wait on the worker's copy
  return { mode: 'sync', config: parsed.data };
}

/** Copy the config where the service worker can read it (Background Sync with the app closed). */
async function mirror(config: RuntimeConfig | null): Promise<void> {
  try {
    // Loaded here, not at the top: the first route does not wait for (or download up front) the worker's copy.
    const shared = await import('./shared-auth-store');
    if (config) await shared.writeShared(shared.SHARED_CONFIG_KEY, JSON.stringify(config));
    else await shared.removeShared(shared.SHARED_CONFIG_KEY);
  } catch {
    // No IndexedDB (some private modes): the app still syncs while open; only the closed-app flush is lost.
  }
}
