// The small print under a reply (model, times, tokens, cost): the shared usage line.
import type { Message } from '@sync/model';
import { ReplyUsageLine } from '@/components/usage/reply-usage-line';

export function MessageMeta({ message }: { message: Message }) {
  return <ReplyUsageLine message={message} />;
}
