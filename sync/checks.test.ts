import { describe, expect, it } from 'vitest';
import * as c from './checks';

const issue = (check: c.Check<unknown>, value: unknown) => {
  try {
    check(value, '');
    return null;
  } catch (error) {
    return error instanceof c.CheckIssue ? error.message : `unexpected ${String(error)}`;
  }
};

describe('checks', () => {
  const run = c.object({
    id: c.string(1),
    count: c.withDefault(c.int(0), () => 0),
    tags: c.withDefault(c.array(c.oneOf(['a', 'b'])), () => []),
    settings: c.object({ model: c.string(), temperature: c.optional(c.number) }, true),
    at: c.isoDate,
  });
  const good = { id: 'r', settings: { model: 'm', extra: 1 }, at: '2026-01-01T00:00:00Z', unknown: true };

  it('fills defaults, keeps unknown keys only where asked, and leaves absent optional keys out', () => {
    expect(run(good, '')).toEqual({ id: 'r', count: 0, tags: [], settings: { model: 'm', extra: 1 }, at: good.at });
    expect('temperature' in run(good, '').settings).toBe(false);
  });

  it('names the first wrong field with its path, in zod wording', () => {
    expect(issue(run, null)).toBe('(root): Invalid input: expected object, received null');
    expect(issue(run, { ...good, id: '' })).toBe('id: Too small: expected string to have >=1 characters');
    expect(issue(run, { ...good, count: -1 })).toBe('count: Too small: expected number to be >=0');
    expect(issue(run, { ...good, count: 1.5 })).toBe('count: Invalid input: expected int, received number');
    expect(issue(run, { ...good, tags: ['a', 'c'] })).toBe('tags.1: Invalid option: expected one of "a"|"b"');
    expect(issue(run, { ...good, settings: { model: 3 } })).toBe('settings.model: Invalid input: expected string, received number');
    expect(issue(run, { ...good, at: 'soon' })).toBe('at: not a date');
    expect(issue(c.record(c.string()), [])).toBe('(root): Invalid input: expected record, received array');
    expect(issue(c.url, 'nope')).toBe('(root): Invalid URL');
    expect(issue(c.url, 'http://127.0.0.1:54321')).toBeNull();
  });
});
