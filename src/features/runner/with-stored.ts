// What an open runner takes from its run as stored (a rename, a star, messages from another tab or
// device): the row, the messages it lacks, and the branch the row names when the person was not elsewhere.
import type { Message, Run } from '@sync/model';

interface Shown {
  run: Run | null;
  messages: Message[];
  leafId: string | null;
  streamingId: string | null;
}

/** The runner's next state for `stored` (with its messages, or null when they were not read), or null for another run. */
export function withStored(s: Shown, stored: Run, storedMessages: Message[] | null): Partial<Shown> | null {
  if (!s.run || stored.id !== s.run.id) return null;
  const known = new Set(s.messages.map((m) => m.id));
  const added = (storedMessages ?? []).filter((m) => !known.has(m.id) && m.status !== 'streaming');
  const messages = added.length > 0 ? [...s.messages, ...added] : s.messages;
  const leafMoved = stored.current_leaf_id !== s.run.current_leaf_id && stored.current_leaf_id !== s.leafId;
  const follow = (leafMoved || !s.messages.some((m) => m.id === s.leafId)) && !s.streamingId && messages.some((m) => m.id === stored.current_leaf_id);
  return { run: stored, messages, ...(follow ? { leafId: stored.current_leaf_id } : {}) };
}
