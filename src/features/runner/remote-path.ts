// Where a reply streaming on another screen goes in this screen's conversation: after the branch on
// screen when it continues it (it answers the leaf, or the message it answers does); otherwise it waits
// off screen for its synced copy, as any other branch would.
import type { Message } from '@sync/model';
import { activePath } from '@sync/tree';

export function withRemote(messages: Message[], leafId: string | null, remote: readonly Message[]): { messages: Message[]; leafId: string | null } {
  const known = new Set(messages.map((m) => m.id));
  const extra = remote.filter((m) => !known.has(m.id));
  const tip = extra.at(-1);
  if (!tip) return { messages, leafId };
  const all = [...messages, ...extra];
  const continues = leafId === null || activePath(all, tip.id).some((m) => m.id === leafId);
  return continues ? { messages: all, leafId: tip.id } : { messages, leafId };
}
