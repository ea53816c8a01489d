// The flat rows a virtualised list renders: section headings (date groups or prompts) between runs.
import type { RunListEntry, RunSort } from '@sync/store/run-queries';
import { dateGroup } from '@/lib/text/dates';

export type ListRow = { kind: 'heading'; key: string; label: string } | { kind: 'run'; key: string; entry: RunListEntry };

/**
 * Each row's height in rem, fixed by its layout (a heading; a run with or without a two-line preview),
 * so the virtual list never measures a row: measuring every mounted row, and moving the scroll
 * position when a row above came out taller than estimated, was a large part of each scroll frame.
 */
export function rowRem(row: ListRow): number {
  if (row.kind === 'heading') return 2;
  return hasPreview(row.entry) ? 5.5 : 3.5;
}

/** The text under a run's name: the search snippet, else the last message's preview. */
export function previewOf(entry: RunListEntry): string {
  return entry.match?.snippet || entry.run.last_message_preview;
}

const hasPreview = (entry: RunListEntry) => Boolean(previewOf(entry));

export type Grouping = { by: 'date'; now: Date } | { by: 'prompt'; promptName: (id: string) => string } | { by: 'none' };

/** Date groups only make sense when the list is in date order. */
export function groupingFor(sort: RunSort, byPrompt: boolean, promptName: (id: string) => string, now = new Date()): Grouping {
  if (byPrompt) return { by: 'prompt', promptName };
  return sort === 'recent' || sort === 'oldest' ? { by: 'date', now } : { by: 'none' };
}

// The list re-groups every row it holds on each chunk it loads; naming a row's date group (a month
// name for older runs) for 10,000 rows each time made every chunk slower than the last. Rows kept
// from one chunk to the next are the same objects, so their label is remembered until the day turns.
const labels = new WeakMap<RunListEntry, { day: string; at: string; label: string }>();

function dateLabel(entry: RunListEntry, now: Date, day: string): string {
  const known = labels.get(entry);
  if (known && known.day === day && known.at === entry.run.last_message_at) return known.label;
  const label = dateGroup(entry.run.last_message_at, now);
  labels.set(entry, { day, at: entry.run.last_message_at, label });
  return label;
}

// The same row object for an entry from chunk to chunk, so nothing downstream sees a changed row.
const runRows = new WeakMap<RunListEntry, ListRow>();

function runRow(entry: RunListEntry): ListRow {
  let row = runRows.get(entry);
  if (!row) {
    row = { kind: 'run', key: entry.run.id, entry };
    runRows.set(entry, row);
  }
  return row;
}

/** The list's rows: its pinned runs first, under "Pinned" (the query puts them first, whatever the sort),
 *  then the rest in their groups ("Other runs" when the rest has no group headings). */
export function buildRows(entries: readonly RunListEntry[], grouping: Grouping): ListRow[] {
  let pinned = 0;
  while (pinned < entries.length && entries[pinned]!.run.is_pinned) pinned += 1;
  if (pinned === 0) return groupRows(entries, grouping);
  const rest = entries.slice(pinned);
  return [
    { kind: 'heading', key: 'h:pinned', label: 'Pinned' },
    ...entries.slice(0, pinned).map(runRow),
    ...(rest.length > 0 && grouping.by === 'none' ? [{ kind: 'heading', key: 'h:others', label: 'Other runs' } as const] : []),
    ...groupRows(rest, grouping),
  ];
}

function groupRows(entries: readonly RunListEntry[], grouping: Grouping): ListRow[] {
  const rows: ListRow[] = [];
  let current: string | null = null;
  const day = grouping.by === 'date' ? grouping.now.toDateString() : '';
  for (const entry of entries) {
    if (grouping.by !== 'none') {
      const label =
        grouping.by === 'date' ? dateLabel(entry, grouping.now, day) : grouping.promptName(entry.run.prompt_id);
      const key = grouping.by === 'date' ? label : entry.run.prompt_id;
      if (key !== current) {
        rows.push({ kind: 'heading', key: `h:${key}`, label });
        current = key;
      }
    }
    rows.push(runRow(entry));
  }
  return rows;
}
