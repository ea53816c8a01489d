// Tests that sign in with supabase-js sync through the app's one transport (plain fetch), with the token
// of that client's session, as the app does with the session in its shared store.
import type { SupabaseClient } from '@supabase/supabase-js';
import { createFetchTransport, type FetchTransportOptions } from '../../sync/engine/fetch-transport';
import type { SyncTransport } from '../../sync/engine/transport';

export function transportFor(sb: SupabaseClient, backend: { url: string; anonKey: string }, options: Partial<FetchTransportOptions> = {}): SyncTransport {
  return createFetchTransport({
    supabaseUrl: backend.url,
    anonKey: backend.anonKey,
    accessToken: async () => (await sb.auth.getSession()).data.session?.access_token ?? null,
    ...options,
  });
}
