// The Realtime hint: other devices of the signed-in user push, their sync_notices row changes, and this
// device hears of it at once instead of at its next timer poll. Only a hint: the listener pulls, the data
// never travels over Realtime. Every (re)join calls the listener too, so a change made while the socket
// was down (realtime-js reconnects with backoff and rejoins by itself) is pulled then; a channel the
// server ended (an expired token) is joined again with backoff.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';

const REJOIN_AFTER_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

export function watchSyncNotices(client: SupabaseClient, userId: string, listener: () => void): () => void {
  let stopped = false;
  let channel: RealtimeChannel | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;

  const open = (): void => {
    timer = null;
    if (stopped) return;
    const current = client
      .channel(`sync-notices-${userId}`)
      .on('postgres_changes', { event: '*', schema: 'public', table: 'sync_notices', filter: `user_id=eq.${userId}` }, () => listener())
      .subscribe((status) => {
        if (stopped || current !== channel) return;
        if (status === 'SUBSCRIBED') {
          failures = 0;
          listener();
        } else if (status === 'CLOSED') {
          // realtime-js rejoins by itself after errors and timeouts, not after the server closed the
          // channel (it has already dropped it from its list).
          channel = null;
          timer = setTimeout(open, REJOIN_AFTER_MS[Math.min(failures++, REJOIN_AFTER_MS.length - 1)]);
        }
      });
    channel = current;
  };
  open();

  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    if (channel) void client.removeChannel(channel);
    channel = null;
  };
}
