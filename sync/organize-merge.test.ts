import { describe, expect, it } from 'vitest';
import { effectiveFolderId, folderTree, mergeClockedRows, unionVersions, visibleTagIds, type WrittenRow } from './organize-merge';
import type { Folder, RunVersion } from './organize-model';
import { seededRandom } from './engine/random';

const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const row = (values: Record<string, unknown>, clock: number, writer: string): WrittenRow => ({
  values,
  clocks: Object.fromEntries(Object.keys(values).map((k) => [k, T(clock)])),
  writers: Object.fromEntries(Object.keys(values).map((k) => [k, writer])),
});

describe('mergeClockedRows', () => {
  it('takes each field from the later write, either way round', () => {
    const a = row({ name: 'Travel', color: 'red' }, 5, 'dev-a');
    const b = { ...row({ name: 'Trips' }, 7, 'dev-b') };
    expect(mergeClockedRows(a, b).values).toEqual({ name: 'Trips', color: 'red' });
    expect(mergeClockedRows(b, a)).toEqual(mergeClockedRows(a, b));
  });

  it('an add and a concurrent remove of one tag resolve by clock, ties by writer, never by order', () => {
    const add = row({ present: true }, 10, 'dev-a');
    const remove = row({ present: false }, 11, 'dev-b');
    expect(mergeClockedRows(add, remove).values.present).toBe(false);
    expect(mergeClockedRows(remove, add).values.present).toBe(false);
    const tieAdd = row({ present: true }, 10, 'dev-b');
    const tieRemove = row({ present: false }, 10, 'dev-a');
    expect(mergeClockedRows(tieAdd, tieRemove).values.present).toBe(true);
    expect(mergeClockedRows(tieRemove, tieAdd).values.present).toBe(true);
  });

  it('is commutative, associative and idempotent over random writes (seeded)', () => {
    const random = seededRandom(14);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    for (let i = 0; i < 300; i += 1) {
      const make = () => row(Object.fromEntries([['present', pick([true, false])], ...(random() < 0.5 ? [['name', pick(['a', 'b'])]] : [])]), Math.floor(random() * 4), pick(['x', 'y', 'z']));
      const [a, b, c] = [make(), make(), make()];
      expect(mergeClockedRows(a, b)).toEqual(mergeClockedRows(b, a));
      expect(mergeClockedRows(mergeClockedRows(a, b), c)).toEqual(mergeClockedRows(a, mergeClockedRows(b, c)));
      expect(mergeClockedRows(a, a)).toEqual(a);
    }
  });
});

const folder = (id: string, extra: Partial<Folder> = {}): Folder => ({
  id, name: id, parent_id: null, position: 0, status: 'active', created_at: T(0), updated_at: T(0), field_updated_at: {}, ...extra,
});

describe('folders', () => {
  it('nest one level; a folder under a nested or deleted folder shows at the top; order by position then name', () => {
    const tree = folderTree([
      folder('work', { position: 2 }),
      folder('home', { position: 1 }),
      folder('taxes', { parent_id: 'home' }),
      folder('deep', { parent_id: 'taxes' }), // concurrent nesting made two levels: shown at the top
      folder('orphan', { parent_id: 'gone' }),
      folder('under-deleted', { parent_id: 'old' }),
      folder('old', { status: 'deleted' }),
      folder('loop-a', { parent_id: 'loop-b', position: 9 }),
      folder('loop-b', { parent_id: 'loop-a', position: 9 }),
    ]);
    expect(tree.map((n) => [n.folder.id, n.children.map((c) => c.id)])).toEqual([
      ['deep', []],
      ['orphan', []],
      ['under-deleted', []],
      ['home', ['taxes']],
      ['work', []],
      ['loop-a', []],
      ['loop-b', []],
    ]);
  });

  it('a run filed in a folder deleted elsewhere (or not here yet) shows in "No folder"', () => {
    const index = new Map([['a', folder('a')], ['b', folder('b', { status: 'deleted' })]]);
    expect(effectiveFolderId('a', index)).toBe('a');
    expect(effectiveFolderId('b', index)).toBeNull();
    expect(effectiveFolderId('c', index)).toBeNull();
    expect(effectiveFolderId(null, index)).toBeNull();
  });
});

it('visibleTagIds: present pairs of active tags only', () => {
  const tags = new Map([['t1', { status: 'active' as const }], ['t2', { status: 'deleted' as const }]]);
  expect(visibleTagIds([{ tag_id: 't1', present: true }, { tag_id: 't2', present: true }, { tag_id: 't3', present: true }, { tag_id: 't1', present: false }], tags)).toEqual(['t1']);
});

it('unionVersions: by id, newest first, the same whichever side', () => {
  const v = (id: string, s: number, name = id): RunVersion => ({ id, run_id: 'r', created_at: T(s), device_id: 'd', device_name: 'D', snapshot: { name, description: '' } });
  const a = [v('1', 1), v('2', 3)];
  const b = [v('2', 3), v('3', 2), v('1', 1, 'other copy')];
  expect(unionVersions(a, b).map((x) => x.id)).toEqual(['2', '3', '1']);
  expect(unionVersions(a, b)).toEqual(unionVersions(b, a));
});
