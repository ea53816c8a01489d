// The flat rows a virtualised list renders: section headings (date groups or prompts) between runs.
import type { RunListEntry, RunSort } from '@sync/store/run-queries';
import { dateGroup } from './dates';

export type ListRow = { kind: 'heading'; key: string; label: string } | { kind: 'run'; key: string; entry: RunListEntry };

export type Grouping = { by: 'date'; now: Date } | { by: 'prompt'; promptName: (id: string) => string } | { by: 'none' };

/** Date groups only make sense when the list is in date order. */
export function groupingFor(sort: RunSort, byPrompt: boolean, promptName: (id: string) => string, now = new Date()): Grouping {
  if (byPrompt) return { by: 'prompt', promptName };
  return sort === 'recent' || sort === 'oldest' ? { by: 'date', now } : { by: 'none' };
}

export function buildRows(entries: readonly RunListEntry[], grouping: Grouping): ListRow[] {
  const rows: ListRow[] = [];
  let current: string | null = null;
  for (const entry of entries) {
    if (grouping.by !== 'none') {
      const label =
        grouping.by === 'date' ? dateGroup(entry.run.last_message_at, grouping.now) : grouping.promptName(entry.run.prompt_id);
      const key = grouping.by === 'date' ? label : entry.run.prompt_id;
      if (key !== current) {
        rows.push({ kind: 'heading', key: `h:${key}`, label });
        current = key;
      }
    }
    rows.push({ kind: 'run', key: entry.run.id, entry });
  }
  return rows;
}
