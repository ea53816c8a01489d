import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, compareFieldWrites, mergeMessages, rebaseOnServer, runActivity, type ClockedRow } from './merge';
import type { Message } from './model';

interface Row extends ClockedRow {
  id: string;
  name: string;
  is_starred: boolean;
  status: string;
}

describe('compareFieldWrites (the server\'s last-write-wins)', () => {
  const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

  it('keeps the later write, comparing clocks as times, not text (server offsets like +00:00)', () => {
    expect(compareFieldWrites({ clock: t(5), value: 'local' }, { clock: '2026-01-01T01:00:04+01:00', value: 'server' })).toBeGreaterThan(0);
  });

  it('breaks an exact tie by writer id, then by value', () => {
    expect(compareFieldWrites({ clock: t(1), writer: 'ffff', value: 'a' }, { clock: t(1), writer: '1111', value: 'b' })).toBeGreaterThan(0);
    expect(compareFieldWrites({ clock: t(1), writer: 'w', value: 'b' }, { clock: t(1), writer: 'w', value: 'a' })).toBeGreaterThan(0);
  });

  const write = fc.record({ clock: fc.integer({ min: 0, max: 5 }).map(t), writer: fc.constantFrom('w1', 'w2', 'w3'), value: fc.constantFrom('a', 'b', { x: 1 }) });

  it('picks the same winner whatever order the writes arrive in (property)', () => {
    fc.assert(
      fc.property(fc.array(write, { minLength: 1, maxLength: 8 }), fc.integer(), (writes, shift) => {
        const fold = (list: typeof writes) => list.reduce((best, w) => (compareFieldWrites(w, best) > 0 ? w : best));
        const rotated = [...writes.slice(Math.abs(shift) % writes.length), ...writes.slice(0, Math.abs(shift) % writes.length)].reverse();
        expect(canonicalJson(fold(writes))).toBe(canonicalJson(fold(rotated)));
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});

describe('rebaseOnServer', () => {
  const row = (values: Partial<Row>, clocks: Record<string, string>, updated = '2026-01-01T00:00:00.000Z'): Row =>
    ({ id: 'r1', name: 'n', is_starred: false, status: 'active', updated_at: updated, field_updated_at: clocks, ...values });

  it('takes the server\'s value and clock of every field without a pending edit, even when the local clock is later', () => {
    // A clock from a device running fast: the server clamped it, and every replica must hold the server's.
    const local = row({ name: 'sent from a fast clock' }, { name: '2026-01-01T00:04:00.000Z' });
    const remote = row({ name: 'sent from a fast clock', is_starred: true }, { name: '2026-01-01T00:00:01.000Z', is_starred: '2026-01-01T00:00:02.000Z' });
    expect(rebaseOnServer(local, remote, new Set())).toEqual(remote);
  });

  it('keeps a pending local edit, value and clock, even when the server\'s is newer', () => {
    const local = row({ name: 'pending' }, { name: '2026-01-01T00:00:01.000Z' }, '2026-01-01T00:00:01.000Z');
    const remote = row({ name: 'newer remote', status: 'archived' }, { name: '2026-01-01T00:00:09.000Z', status: '2026-01-01T00:00:03.000Z' }, '2026-01-01T00:00:09.000Z');
    const rebased = rebaseOnServer(local, remote, new Set(['name']));
    expect(rebased).toMatchObject({ name: 'pending', status: 'archived', updated_at: '2026-01-01T00:00:09.000Z' });
    expect(rebased.field_updated_at).toEqual({ name: '2026-01-01T00:00:01.000Z', status: '2026-01-01T00:00:03.000Z' });
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

describe('runActivity', () => {
  const m = (id: string, at: string, content: string, status: Message['status'] = 'done'): Message => ({ id, runId: 'r', parentId: null, role: 'user', content, status, createdAt: at });

  it('is the newest completed message (ties by greater id), whatever order the messages come in', () => {
    const list = [m('a', '2026-01-01T00:00:01Z', 'first'), m('c', '2026-01-01T00:00:02.000Z', 'tie  c'), m('b', '2026-01-01T00:00:02Z', 'tie b'), m('z', '2026-01-01T00:00:09Z', 'still typing', 'streaming')];
    const expected = { last_message_at: '2026-01-01T00:00:02.000Z', last_message_preview: 'tie c' };
    expect(runActivity('2026-01-01T00:00:00Z', list)).toEqual(expected);
    expect(runActivity('2026-01-01T00:00:00Z', [...list].reverse())).toEqual(expected);
  });

  it('of a question and its answer saved in the same millisecond, previews the answer, whatever their ids', () => {
    const at = '2026-01-01T00:00:05.000Z';
    for (const [qid, aid] of [['a', 'z'], ['z', 'a']] as const) {
      const question = { ...m(qid, at, 'the question'), role: 'user' as const };
      const answer = { ...m(aid, at, 'the answer'), role: 'assistant' as const, parentId: qid };
      expect(runActivity(at, [question, answer]).last_message_preview).toBe('the answer');
      expect(runActivity(at, [answer, question]).last_message_preview).toBe('the answer');
      // Unrelated messages of one millisecond: an assistant's after a user's, then the greater id.
      const other = { ...m(aid, at, 'a reply elsewhere'), role: 'assistant' as const };
      expect(runActivity(at, [other, question]).last_message_preview).toBe('a reply elsewhere');
    }
  });

  it('is the run\'s creation time, with no preview, when it has no completed message', () => {
    expect(runActivity('2026-01-01T00:00:00Z', [m('z', '2026-01-01T00:00:09Z', 'typing', 'streaming')])).toEqual({ last_message_at: '2026-01-01T00:00:00Z', last_message_preview: '' });
  });
});
