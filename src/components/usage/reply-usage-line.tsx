// The small print under a reply: the model that wrote it, time to first token, total time, input and
// output tokens and what they cost. Estimates read "≈" and say "estimated" in words.
import type { Message } from '@sync/model';
import { usePrices } from '@/lib/data/use-prices';
import { approx, formatCost, formatCount, formatDuration } from '@/lib/usage/format-usage';
import { readReplyUsage, replyCost } from '@sync/usage/reply-usage';

export function ReplyUsageLine({ message }: { message: Pick<Message, 'role' | 'status' | 'metadata'> }) {
  const prices = usePrices();
  const meta = message.metadata;
  if (!meta) return null;
  const usage = readReplyUsage(message);
  const parts: string[] = [];
  const name = typeof meta.modelName === 'string' && meta.modelName ? meta.modelName : usage?.modelName;
  if (name) parts.push(name);
  if (typeof meta.timeToFirstToken === 'number') parts.push(`first token ${formatDuration(meta.timeToFirstToken)}`);
  if (typeof meta.totalTime === 'number') parts.push(`total ${formatDuration(meta.totalTime)}`);
  if (usage) {
    const e = usage.estimated;
    parts.push(`${approx(formatCount(usage.inputTokens), e)} in · ${approx(formatCount(usage.outputTokens), e)} out tokens`);
    const cost = prices ? replyCost(usage, prices) : null;
    if (cost !== null) parts.push(approx(formatCost(cost), e));
  }
  if (parts.length === 0) return null;
  return (
    <p className="text-xs text-slate-600" data-testid="reply-usage">
      {parts.join(' · ')}
      {usage?.estimated ? <> <span className="italic">(estimated)</span></> : null}
    </p>
  );
}
