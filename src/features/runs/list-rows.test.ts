import { describe, expect, it } from 'vitest';
import type { Run } from '@sync/index';
import { buildRows } from './list-rows';

const entry = (id: string, at: string) => ({ run: { id, prompt_id: 'p', last_message_at: at } as Run });

describe('buildRows', () => {
  it('puts date headings between runs, and re-labels kept rows when the day turns', () => {
    const entries = [entry('a', '2026-03-10T12:00:00'), entry('b', '2026-03-09T12:00:00'), entry('c', '2026-01-05T12:00:00')];
    const labels = (now: string) =>
      buildRows(entries, { by: 'date', now: new Date(now) }).map((r) => (r.kind === 'heading' ? r.label : r.key));
    expect(labels('2026-03-10T18:00:00')).toEqual(['Today', 'a', 'Yesterday', 'b', 'January 2026', 'c']);
    // The same entry objects a day later (the list keeps loaded rows): labels follow the new day.
    expect(labels('2026-03-11T18:00:00')).toEqual(['Yesterday', 'a', 'Previous 7 days', 'b', 'January 2026', 'c']);
  });
});
