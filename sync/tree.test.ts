import { describe, expect, it } from 'vitest';
import { activePath, deepestLeaf, siblingsOf } from './tree';
import type { Message } from './model';

const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
const m = (id: string, parentId: string | null, role: Message['role'], t: number): Message => ({
  id, parentId, role, runId: 'r', content: id, status: 'done', createdAt: at(t),
});

// u1 → a1 → u2 → a2 ; retry of a1 gives a1b ; edit of u2 gives u2b → a3
const tree = [m('u1', null, 'user', 1), m('a1', 'u1', 'assistant', 2), m('u2', 'a1', 'user', 3), m('a2', 'u2', 'assistant', 4),
  m('a1b', 'u1', 'assistant', 5), m('u2b', 'a1', 'user', 6), m('a3', 'u2b', 'assistant', 7)];

describe('message tree', () => {
  it('walks root to leaf along the chosen branch', () => {
    expect(activePath(tree, 'a2').map((x) => x.id)).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(activePath(tree, 'a3').map((x) => x.id)).toEqual(['u1', 'a1', 'u2b', 'a3']);
  });
  it('falls back to the newest branch for an unknown leaf', () => {
    expect(activePath(tree, 'gone').map((x) => x.id)).toEqual(['u1', 'a1b']);
  });
  it('lists versions of a message oldest first', () => {
    expect(siblingsOf(tree, tree[1]!).map((x) => x.id)).toEqual(['a1', 'a1b']);
    expect(siblingsOf(tree, tree[2]!).map((x) => x.id)).toEqual(['u2', 'u2b']);
  });
  it('opens a version at its latest descendant', () => {
    expect(deepestLeaf(tree, 'a1')).toBe('a3');
    expect(deepestLeaf(tree, 'a1b')).toBe('a1b');
  });
  it('survives a cycle in corrupt data', () => {
    const cyclic = [m('x', 'y', 'user', 1), m('y', 'x', 'assistant', 2)];
    expect(activePath(cyclic, 'x').length).toBeLessThanOrEqual(2);
  });
});
