// How many messages a person sees in a run: the current branch, without the system message and without a
// reply still streaming. The stored count (message_count, the seed's column) counts every branch and the
// system message; lists and details show this one, derived alike on every device.
import type { Message, Run } from '../model';
import { activePath } from '../tree';

const shown = (m: Pick<Message, 'role' | 'status'>) => m.role !== 'system' && m.status !== 'streaming';

/** The visible count of a run whose messages (every branch, any order) and current leaf are given. */
export function countVisible(messages: readonly Message[], leafId: string | null): number {
  return activePath(messages, leafId).filter(shown).length;
}

/**
 * The count after appending `append` (in order), when it simply extends the branch on screen: each new
 * message answers the one before it, starting from the current leaf, and the leaf ends on the last of
 * them. Otherwise (an edit, a retry, a switched version, a row without a count) null: count again.
 * `existing[i]` is what was stored under `append[i]`'s id before (a checkpointed reply, or nothing).
 */
export function extendVisible(
  run: Pick<Run, 'current_leaf_id' | 'visible_message_count'>,
  append: readonly Message[],
  existing: ReadonlyArray<Message | undefined>,
  leafAfter: string | null,
): number | null {
  if (run.visible_message_count === undefined) return null;
  let tip = run.current_leaf_id;
  let count = run.visible_message_count;
  for (const [i, m] of append.entries()) {
    const before = existing[i];
    if (before && before.status !== 'streaming') {
      // Stored already and counted if on the branch: only a copy of the leaf itself is harmless.
      if (m.id !== tip) return null;
      continue;
    }
    if (m.parentId !== tip) return null;
    tip = m.id;
    if (shown(m)) count += 1;
  }
  return tip === leafAfter ? count : null;
}

/**
 * Replies a reload cut off, kept as interrupted: one answering the current leaf continues the branch on
 * screen (the runner shows it there), so the run's leaf moves to it and exports and counts include it.
 */
export function leafAfterCut(currentLeafId: string | null, cut: readonly Pick<Message, 'id' | 'parentId'>[]): { current_leaf_id?: string } {
  const next = cut.find((m) => m.parentId === currentLeafId);
  return next ? { current_leaf_id: next.id } : {};
}
