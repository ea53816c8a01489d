// Where each message sits among its versions (siblings with the same parent and role), for the switcher.
import type { Message } from '@sync/model';
import { siblingsOf } from '@sync/tree';

/** Index and count for every message that has more than one version; O(n log n) over the whole tree. */
export function versionPositions(messages: readonly Message[]): Map<string, { index: number; count: number }> {
  const groups = new Map<string, Message[]>();
  for (const m of messages) {
    const key = `${m.parentId ?? ''}|${m.role}`;
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  const positions = new Map<string, { index: number; count: number }>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    // siblingsOf owns the ordering rule (oldest first); reuse it on the group, which holds exactly the siblings.
    const ordered = siblingsOf(group, group[0] as Message);
    ordered.forEach((m, index) => positions.set(m.id, { index, count: ordered.length }));
  }
  return positions;
}
