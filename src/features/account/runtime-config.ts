// Where the app finds its Supabase project: `/config.json` served beside the app ({supabaseUrl,
// supabaseAnonKey}). No file, or a bad one, means local-only mode: the app works fully without an account.
// zod/mini: read on every start, so the first route ships only the few checks used here.
import * as z from 'zod/mini';

export interface RuntimeConfig {
  supabaseUrl: string;
  supabaseAnonKey: string;
  /** The project runs Supabase Realtime: subscribe to sync notices as a hint to pull. Default off. */
  realtime?: boolean;
}

const configSchema = z.object({
  supabaseUrl: z.url(),
  supabaseAnonKey: z.string().check(z.minLength(1)),
  realtime: z.optional(z.boolean()),
});

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
    const parsed = configSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
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
    return cached ? { mode: 'sync', config: cached } : { mode: 'local-only', reason: 'No connection to load the sync settings.' };
  }
  // A dev server or static host answers unknown paths with the app's HTML: that means "no config".
  const isJson = (response.headers.get('content-type') ?? 'application/json').includes('json');
  if (!response.ok || !isJson) {
    storage()?.removeItem(CACHE_KEY);
    return { mode: 'local-only', reason: 'This copy of the app has no sync server configured.' };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { mode: 'local-only', reason: 'The sync settings (/config.json) are not valid JSON.' };
  }
  const parsed = configSchema.safeParse(body);
  if (!parsed.success) {
    return { mode: 'local-only', reason: `The sync settings are incomplete: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}.` };
  }
  storage()?.setItem(CACHE_KEY, JSON.stringify(parsed.data));
  return { mode: 'sync', config: parsed.data };
}
