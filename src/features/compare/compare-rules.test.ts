// The compare view's pure rules: its address, turns aligned across runs, word differences, and the
// variables and settings tables (no provider id ever shown).
import { describe, expect, it } from 'vitest';
import type { Message, Run } from '@sync/model';
import { compareUrl, parseCompareIds } from '@/lib/compare-url';
import { alignTurns } from './align-turns';
import { settingRows, variableRows } from './settings-rows';
import { wordDiff } from './word-diff';

let n = 0;
const msg = (role: Message['role'], content: string): Message => ({
  id: `m${++n}`, runId: 'r', parentId: null, role, content, status: 'done', createdAt: '2026-01-01T00:00:00.000Z',
});

describe('compare address', () => {
  it('round-trips ids and refuses fewer than two or more than four, with what to do', () => {
    const url = compareUrl(['a', 'b', 'c']);
    expect(url).toBe('/ai/prompts/runs/compare?ids=a,b,c');
    expect(parseCompareIds(new URL(url, 'http://x').searchParams)).toEqual({ ok: true, ids: ['a', 'b', 'c'] });
    expect(parseCompareIds(new URLSearchParams('ids=a,a'))).toMatchObject({ ok: false, message: expect.stringMatching(/at least two/) });
    expect(parseCompareIds(new URLSearchParams('ids=a,b,c,d,e'))).toMatchObject({ ok: false, message: expect.stringMatching(/Up to 4/) });
  });
});

describe('alignTurns', () => {
  it('puts user message i beside user message i, with its replies, and leaves the shorter run’s cells empty', () => {
    const a = [msg('system', 'sys'), msg('user', 'A1'), msg('assistant', 'a1'), msg('user', 'A2'), msg('assistant', 'a2')];
    const b = [msg('user', 'B1'), msg('assistant', 'b1'), msg('assistant', 'b1 again'), msg('user', 'B2'), msg('assistant', 'b2'), msg('user', 'B3')];
    const turns = alignTurns([a, b]);
    expect(turns).toHaveLength(3);
    expect(turns.map((t) => t.cells.map((c) => c.user?.content ?? null))).toEqual([['A1', 'B1'], ['A2', 'B2'], [null, 'B3']]);
    expect(turns[0]!.cells[1]!.replies.map((r) => r.content)).toEqual(['b1', 'b1 again']);
    expect(turns[2]!.cells[0]).toEqual({ user: null, replies: [] });
  });
});

describe('wordDiff', () => {
  it('marks words added and removed against the baseline, keeping the rest', () => {
    expect(wordDiff('The cache keeps copies', 'The cache stores copies')).toEqual([
      { kind: 'same', text: 'The cache ' },
      { kind: 'removed', text: 'keeps' },
      { kind: 'added', text: 'stores' },
      { kind: 'same', text: ' copies' },
    ]);
  });
});

describe('variables and settings tables', () => {
  const run = (variables: Record<string, string>, settings: Run['settings']) => ({ variable_values: variables, settings }) as Run;
  it('marks rows that differ, shows the model by name and never the provider id', () => {
    const runs = [run({ topic: 'caching', tone: 'dry' }, { provider: 'uuid-1', model_id: 'gpt-4o', temperature: 0.2 }), run({ topic: 'workers', tone: 'dry' }, { provider: 'echo', model_id: 'echo', temperature: 0.2, comparison_id: 'c1' })];
    expect(variableRows(runs)).toEqual([
      { name: 'topic', values: ['caching', 'workers'], differs: true },
      { name: 'tone', values: ['dry', 'dry'], differs: false },
    ]);
    const settings = settingRows(runs, ['gpt-4o · OpenAI', 'Echo (offline)']);
    expect(settings).toEqual([
      { name: 'Model', values: ['gpt-4o · OpenAI', 'Echo (offline)'], differs: true },
      { name: 'Temperature', values: ['0.2', '0.2'], differs: false },
    ]);
    expect(JSON.stringify(settings)).not.toMatch(/uuid-1|comparison_id/);
  });
});
