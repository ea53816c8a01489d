import { describe, expect, it } from 'vitest';
import type { Run } from '@sync/model';
import { buildRows, rowRem } from './list-rows';

const entry = (id: string, at: string, preview = '') => ({ run: { id, prompt_id: 'p', last_message_at: at, last_message_preview: preview } as Run });

describe('buildRows', () => {
  it('puts date headings between runs, and re-labels kept rows when the day turns', () => {
    const entries = [entry('a', '2026-03-10T12:00:00'), entry('b', '2026-03-09T12:00:00'), entry('c', '2026-01-05T12:00:00')];
    const labels = (now: string) =>
      buildRows(entries, { by: 'date', now: new Date(now) }).map((r) => (r.kind === 'heading' ? r.label : r.key));
    expect(labels('2026-03-10T18:00:00')).toEqual(['Today', 'a', 'Yesterday', 'b', 'January 2026', 'c']);
    // The same entry objects a day later (the list keeps loaded rows): labels follow the new day.
    expect(labels('2026-03-11T18:00:00')).toEqual(['Yesterday', 'a', 'Previous 7 days', 'b', 'January 2026', 'c']);
  });

  it('gives a kept entry the same row object when the next chunk arrives, so its row is not re-rendered', () => {
    const first = [entry('a', '2026-03-10T12:00:00'), entry('b', '2026-03-09T12:00:00')];
    const grouping = { by: 'date', now: new Date('2026-03-10T18:00:00') } as const;
    const before = buildRows(first, grouping).filter((r) => r.kind === 'run');
    const after = buildRows([...first, entry('c', '2026-03-08T12:00:00')], grouping).filter((r) => r.kind === 'run');
    expect(after.slice(0, 2)).toEqual(before);
    after.slice(0, 2).forEach((row, i) => expect(row).toBe(before[i]));
  });
});

describe('buildRows with pinned runs', () => {
  const pinned = (id: string, at: string) => ({ run: { ...entry(id, at).run, is_pinned: true } as Run });
  it('puts the pinned runs under "Pinned", before the date groups', () => {
    const entries = [pinned('p', '2026-01-05T12:00:00'), entry('a', '2026-03-10T12:00:00'), entry('b', '2026-03-09T12:00:00')];
    const rows = buildRows(entries, { by: 'date', now: new Date('2026-03-10T18:00:00') });
    expect(rows.map((r) => (r.kind === 'heading' ? r.label : r.key))).toEqual(['Pinned', 'p', 'Today', 'a', 'Yesterday', 'b']);
  });

  it('names the rest "Other runs" when the list has no groups, and the prompt groups when it has', () => {
    const entries = [pinned('p', '2026-01-05T12:00:00'), entry('a', '2026-03-10T12:00:00')];
    expect(buildRows(entries, { by: 'none' }).map((r) => (r.kind === 'heading' ? r.label : r.key))).toEqual(['Pinned', 'p', 'Other runs', 'a']);
    expect(buildRows(entries, { by: 'prompt', promptName: () => 'Free chat' }).map((r) => (r.kind === 'heading' ? r.label : r.key))).toEqual(['Pinned', 'p', 'Free chat', 'a']);
    expect(buildRows([pinned('p', '2026-01-05T12:00:00')], { by: 'none' }).map((r) => (r.kind === 'heading' ? r.label : r.key))).toEqual(['Pinned', 'p']);
  });
});

describe('rowRem', () => {
  it('is a heading, a run with a two-line preview or snippet, or a run with neither', () => {
    const [heading, withPreview] = buildRows([entry('a', '2026-03-10T12:00:00', 'Last answer')], { by: 'date', now: new Date('2026-03-10T18:00:00') });
    expect(rowRem(heading!)).toBe(2);
    expect(rowRem(withPreview!)).toBe(5.5);
    expect(rowRem({ kind: 'run', key: 'b', entry: entry('b', '2026-03-10T12:00:00') })).toBe(3.5);
    const snippet = { ...entry('c', '2026-03-10T12:00:00'), match: { messageId: null, snippet: 'a match' } };
    expect(rowRem({ kind: 'run', key: 'c', entry: snippet })).toBe(5.5);
  });
});
