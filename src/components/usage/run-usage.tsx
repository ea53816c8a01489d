// A run's usage in words: one line for headers, and rows for a details table. Figures over replies with
// estimated counts read "≈" and say "estimated"; replies of models without a price leave the cost partial.
import { approx, formatCost, formatCount, formatDuration, formatTokens } from '@/lib/usage/format-usage';
import type { UsageTotals } from '@sync/usage/reply-usage';

const replyRule = new Intl.PluralRules('en');
const replies = (n: number) => `${formatCount(n)} ${replyRule.select(n) === 'one' ? 'reply' : 'replies'}`;

export function costText(t: UsageTotals): string | null {
  if (t.cost === null) return null;
  return approx(formatCost(t.cost), t.estimatedReplies > 0) + (t.unpricedReplies > 0 ? ` (${replies(t.unpricedReplies)} without a price)` : '');
}

/** "1,234 tokens · $0.01 · 12.3 s" (null before the first reply). */
export function RunUsageLine({ totals, className = '' }: { totals: UsageTotals; className?: string }) {
  if (totals.replies === 0) return null;
  const e = totals.estimatedReplies > 0;
  const parts = [approx(formatTokens(totals.inputTokens + totals.outputTokens), e)];
  const cost = costText(totals);
  if (cost) parts.push(cost);
  if (totals.timedReplies > 0) parts.push(formatDuration(totals.totalTime));
  return (
    <span className={className} data-testid="run-usage">
      {parts.join(' · ')}
      {e ? <> <span className="italic">(estimated)</span></> : null}
    </span>
  );
}

/** Rows for a details table: [label, value]. */
export function runUsageRows(t: UsageTotals): Array<[string, string]> {
  const e = t.estimatedReplies > 0;
  const rows: Array<[string, string]> = [
    ['Replies', formatCount(t.replies)],
    ['Input tokens', approx(formatCount(t.inputTokens), e)],
    ['Output tokens', approx(formatCount(t.outputTokens), e)],
    ['Cost', costText(t) ?? 'No price set for these models (Settings → Prices)'],
  ];
  if (e) rows.push(['Estimated', `${replies(t.estimatedReplies)} without token counts from the provider: figures marked ≈ are estimates`]);
  if (t.timedReplies > 0) rows.push(['Total time', formatDuration(t.totalTime)]);
  if (t.firstTokenReplies > 0) rows.push(['Average time to first token', formatDuration(t.timeToFirstToken / t.firstTokenReplies)]);
  return rows;
}
