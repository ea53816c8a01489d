// The small print under a reply: time to first token, total time, tokens.
import type { MessageMetadata } from '@sync/model';

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function MessageMeta({ metadata }: { metadata: MessageMetadata | undefined }) {
  if (!metadata) return null;
  const parts: string[] = [];
  if (metadata.timeToFirstToken !== undefined) parts.push(`first token ${seconds(metadata.timeToFirstToken)}`);
  if (metadata.totalTime !== undefined) parts.push(`total ${seconds(metadata.totalTime)}`);
  if (metadata.tokens !== undefined) parts.push(`${metadata.tokens} tokens`);
  if (parts.length === 0) return null;
  return <p className="text-xs text-slate-500">{parts.join(' · ')}</p>;
}
