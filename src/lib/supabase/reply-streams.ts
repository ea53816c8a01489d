// Replies streaming to the user's other screens over Supabase Realtime Broadcast: one private channel per
// open run ('run-stream:<run id>'), which Realtime lets the run's owner join and send on (the RLS policies
// on realtime.messages, migration 20261205610000). A frame is dropped while the channel is not joined:
// realtime-js would otherwise send it through the REST endpoint, and a later frame repeats the whole text.
import type { SupabaseClient } from '@supabase/supabase-js';
import { parseReplyFrame, REPLY_EVENT, replyTopic, type ReplyStreams } from '@sync/live/reply-frame';

export function createReplyStreams(client: SupabaseClient): ReplyStreams {
  return {
    join(runId, onFrame) {
      const channel = client.channel(replyTopic(runId), { config: { private: true, broadcast: { self: false, ack: false } } });
      channel
        .on('broadcast', { event: REPLY_EVENT }, (message: { payload?: unknown }) => {
          const frame = parseReplyFrame(message.payload);
          if (frame) onFrame(frame);
        })
        .subscribe();
      return {
        send(frame) {
          if (channel.state === 'joined') void channel.send({ type: 'broadcast', event: REPLY_EVENT, payload: frame });
        },
        close() {
          void client.removeChannel(channel);
        },
      };
    },
  };
}
