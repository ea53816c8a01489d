// A run's messages form a tree (edit and regenerate add siblings); the run records its current leaf.
import type { Message } from './model';

function byCreated(a: Message, b: Message): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Messages from the root to `leafId`, in order. Falls back to the newest leaf if the id is unknown. */
export function activePath(messages: readonly Message[], leafId: string | null): Message[] {
  if (messages.length === 0) return [];
  const byId = new Map(messages.map((m) => [m.id, m]));
  let cursor = leafId ? byId.get(leafId) : undefined;
  if (!cursor) cursor = byId.get(deepestLeaf(messages, null));
  const path: Message[] = [];
  const guard = new Set<string>();
  while (cursor && !guard.has(cursor.id)) {
    guard.add(cursor.id);
    path.push(cursor);
    cursor = cursor.parentId ? byId.get(cursor.parentId) : undefined;
  }
  return path.reverse();
}

/** Messages sharing `message`'s parent and role (its versions), oldest first, itself included. */
export function siblingsOf(messages: readonly Message[], message: Message): Message[] {
  return messages.filter((m) => m.parentId === message.parentId && m.role === message.role).sort(byCreated);
}

/**
 * The leaf reached from `fromId` by always following the newest child; from the roots when null.
 * Used after switching versions: the branch below a version opens at its latest message.
 */
export function deepestLeaf(messages: readonly Message[], fromId: string | null): string {
  const children = new Map<string | null, Message[]>();
  for (const m of messages) {
    const list = children.get(m.parentId) ?? [];
    list.push(m);
    children.set(m.parentId, list);
  }
  let current: string | null = fromId;
  const guard = new Set<string>();
  for (;;) {
    const kids = (children.get(current) ?? []).filter((m) => !guard.has(m.id)).sort(byCreated);
    const newest = kids[kids.length - 1];
    if (!newest) return current ?? '';
    guard.add(newest.id);
    current = newest.id;
  }
}
