// Turns side by side: the i-th user message of each run's branch on screen beside the i-th of the others,
// with the replies that answered it. Runs of different lengths leave empty cells at their end.
import type { Message } from '@sync/model';

export interface TurnCell {
  user: Message | null;
  /** Replies after this user message on the branch (normally one). */
  replies: Message[];
}

export interface Turn {
  index: number;
  cells: TurnCell[];
}

/** One run's branch (root to leaf) cut into turns; messages before the first user message (the system one) are left out. */
export function turnsOf(path: readonly Message[]): TurnCell[] {
  const turns: TurnCell[] = [];
  for (const m of path) {
    if (m.role === 'user') turns.push({ user: m, replies: [] });
    else if (m.role === 'assistant') {
      const last = turns[turns.length - 1];
      if (last) last.replies.push(m);
      else turns.push({ user: null, replies: [m] });
    }
  }
  return turns;
}

export function alignTurns(paths: ReadonlyArray<readonly Message[]>): Turn[] {
  const columns = paths.map(turnsOf);
  const count = Math.max(0, ...columns.map((c) => c.length));
  return Array.from({ length: count }, (_, index) => ({
    index,
    cells: columns.map((c) => c[index] ?? { user: null, replies: [] }),
  }));
}

/** The text a turn's cell is compared by: its last reply (what the branch went on from). */
export function replyText(cell: TurnCell): string | null {
  const reply = cell.replies[cell.replies.length - 1];
  return reply ? reply.content : null;
}
