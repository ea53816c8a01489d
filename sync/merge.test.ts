import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeMessages, mergeRow, SERVER_WRITER, type ClockedRow } from './merge';
import type { Message } from './model';

interface Row extends ClockedRow {
  id: string;
  name: string;
  is_starred: boolean;
  status: string;
}
const FIELDS = ['name', 'is_starred', 'status'] as const;

function row(values: Partial<Row>, clocks: Record<string, string>): Row {
  return { id: 'r1', name: 'n', is_starred: false, status: 'active', updated_at: '2026-01-01T00:00:00.000Z', field_updated_at: clocks, ...values };
}

describe('mergeRow', () => {
  it('keeps the later edit of each field, so edits to different fields on two devices both survive', () => {
    const local = row({ name: 'Renamed on A' }, { name: '2026-01-01T00:00:05.000Z', is_starred: '2026-01-01T00:00:01.000Z' });
    const remote = row({ is_starred: true, name: 'old' }, { name: '2026-01-01T00:00:01.000Z', is_starred: '2026-01-01T00:00:09.000Z' });
    const merged = mergeRow({ row: local }, { row: remote }, { fields: FIELDS }).row;
    expect(merged.name).toBe('Renamed on A');
    expect(merged.is_starred).toBe(true);
    expect(merged.field_updated_at).toMatchObject({ name: '2026-01-01T00:00:05.000Z', is_starred: '2026-01-01T00:00:09.000Z' });
  });

  it('compares clocks as times, not text (server offsets like +00:00)', () => {
    const local = row({ name: 'local' }, { name: '2026-01-01T00:00:05.000Z' });
    const remote = row({ name: 'server' }, { name: '2026-01-01T01:00:04+01:00' });
    expect(mergeRow({ row: local }, { row: remote }, { fields: FIELDS }).row.name).toBe('local');
  });

  it('never overwrites a field with a pending local edit, even with an older clock', () => {
    const local = row({ name: 'pending' }, { name: '2026-01-01T00:00:01.000Z' });
    const remote = row({ name: 'newer remote' }, { name: '2026-01-01T00:00:09.000Z' });
    const result = mergeRow({ row: local }, { row: remote }, { fields: FIELDS, pending: new Set(['name']) });
    expect(result.row.name).toBe('pending');
    expect(result.fromRemote).toEqual([]);
  });

  it('breaks an exact tie by writer id, and the server wins ties against unknown writers', () => {
    const t = '2026-01-01T00:00:01.000Z';
    const a = row({ name: 'from a' }, { name: t });
    const b = row({ name: 'from b' }, { name: t });
    const ids = { a: '11111111-0000-4000-8000-000000000000', b: 'ffffffff-0000-4000-8000-000000000000' };
    expect(mergeRow({ row: a, writers: { name: ids.a } }, { row: b, writers: { name: ids.b } }, { fields: FIELDS }).row.name).toBe('from b');
    expect(mergeRow({ row: b }, { row: a, writers: { name: SERVER_WRITER } }, { fields: FIELDS }).row.name).toBe('from a');
  });

  const iso = fc.integer({ min: 0, max: 20 }).map((s) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString());
  const arbRow = fc.record({
    name: fc.constantFrom('a', 'b', 'c'),
    is_starred: fc.boolean(),
    status: fc.constantFrom('active', 'archived', 'deleted'),
    updated_at: iso,
    clocks: fc.record({ name: iso, is_starred: iso, status: iso }),
    writers: fc.record({ name: fc.constantFrom('w1', 'w2', SERVER_WRITER), is_starred: fc.constantFrom('w1', 'w2'), status: fc.constantFrom('w1', 'w2') }),
  });
  type ArbRow = typeof arbRow extends fc.Arbitrary<infer T> ? T : never;
  const side = (r: ArbRow): { row: Row; writers: Record<string, string> } => ({
    row: row({ name: r.name, is_starred: r.is_starred, status: r.status, updated_at: r.updated_at }, r.clocks),
    writers: r.writers,
  });

  it('gives the same result when local and remote are swapped (property)', () => {
    fc.assert(
      fc.property(arbRow, arbRow, (x, y) => {
        const ab = mergeRow(side(x), side(y), { fields: FIELDS }).row;
        const ba = mergeRow(side(y), side(x), { fields: FIELDS }).row;
        expect(ab).toEqual(ba);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('is associative and idempotent, so replicas converge in any order (property)', () => {
    fc.assert(
      fc.property(arbRow, arbRow, arbRow, (x, y, z) => {
        const m = (p: ReturnType<typeof side>, q: ReturnType<typeof side>) => mergeRow(p, q, { fields: FIELDS }).row;
        const withWriters = (r: Row, w: Record<string, string>) => ({ row: r, writers: w });
        // Writers travel with the winning value, so recompute them for the intermediate result.
        const pickWriters = (r: Row, ...sides: ReturnType<typeof side>[]) =>
          Object.fromEntries(FIELDS.map((f) => [f, sides.find((s) => s.row[f] === r[f] && s.row.field_updated_at[f] === r.field_updated_at[f])?.writers[f] ?? '']));
        const [sx, sy, sz] = [side(x), side(y), side(z)];
        const xy = m(sx, sy);
        const left = m(withWriters(xy, pickWriters(xy, sx, sy)), sz);
        const yz = m(sy, sz);
        const right = m(sx, withWriters(yz, pickWriters(yz, sy, sz)));
        for (const f of FIELDS) expect(left[f]).toEqual(right[f]);
        expect(m(sx, sx)).toEqual(sx.row);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('mergeMessages', () => {
  const msg = (id: string, at: number, extra: Partial<Message> = {}): Message => ({
    id, runId: 'r', parentId: null, role: 'user', content: id, status: 'done', createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, at)).toISOString(), ...extra,
  });

  it('unions by id: two devices continuing one run keep both branches, nothing duplicated', () => {
    const shared = msg('m1', 1);
    const merged = mergeMessages([shared, msg('a2', 2)], [shared, msg('b2', 3)]);
    expect(merged.map((m) => m.id)).toEqual(['m1', 'a2', 'b2']);
  });

  it('prefers the finished copy of a message over an unfinished one, whichever side has it', () => {
    const done = msg('m1', 1, { content: 'full reply' });
    const partial = msg('m1', 1, { content: 'full', status: 'interrupted' });
    expect(mergeMessages([partial], [done])[0]?.content).toBe('full reply');
    expect(mergeMessages([done], [partial])[0]?.content).toBe('full reply');
  });

  it('is commutative for any two lists (property)', () => {
    const arbMsg = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), at: fc.integer({ min: 0, max: 5 }), content: fc.string({ maxLength: 3 }), status: fc.constantFrom('done', 'interrupted', 'error') as fc.Arbitrary<Message['status']> })
      .map((r) => msg(r.id, r.at, { content: r.content, status: r.status }));
    fc.assert(
      fc.property(fc.array(arbMsg, { maxLength: 6 }), fc.array(arbMsg, { maxLength: 6 }), (a, b) => {
        expect(mergeMessages(a, b)).toEqual(mergeMessages(b, a));
        expect(new Set(mergeMessages(a, b).map((m) => m.id)).size).toBe(mergeMessages(a, b).length);
      }),
      { seed: 3 },
    );
  });
});
