// A tag as a small label, in its colour (names, so both themes map them to readable shades).
import type { Tag, TagColor } from '@sync/organize-model';

const COLOR: Record<TagColor | 'none', string> = {
  none: 'bg-slate-100 text-slate-800',
  slate: 'bg-slate-200 text-slate-900',
  red: 'bg-red-100 text-red-900',
  amber: 'bg-amber-100 text-amber-900',
  green: 'bg-green-100 text-green-900',
  sky: 'bg-sky-100 text-sky-900',
  violet: 'bg-violet-100 text-violet-900',
  pink: 'bg-pink-100 text-pink-900',
};

/** Colour names people read ("Green"), for the colour picker. */
export const COLOR_NAMES: Record<TagColor, string> = {
  slate: 'Grey', red: 'Red', amber: 'Amber', green: 'Green', sky: 'Blue', violet: 'Violet', pink: 'Pink',
};

export const tagColorClass = (color: TagColor | null) => COLOR[color ?? 'none'];

export function TagChip({ tag, className = '' }: { tag: Pick<Tag, 'name' | 'color'>; className?: string }) {
  return (
    <span className={`inline-block max-w-32 shrink-0 truncate rounded-full px-2 text-xs font-medium leading-5 ${tagColorClass(tag.color)} ${className}`}>
      {tag.name}
    </span>
  );
}

/** A few tags in a line (a list row, the run header), the rest counted: "+2". */
export function TagLine({ tags, max = 3 }: { tags: ReadonlyArray<Pick<Tag, 'id' | 'name' | 'color'>>; max?: number }) {
  if (tags.length === 0) return null;
  const shown = tags.slice(0, max);
  const rest = tags.length - shown.length;
  return (
    <span className="inline-flex min-w-0 items-center gap-1 overflow-hidden" aria-label={`Tags: ${tags.map((t) => t.name).join(', ')}`} role="group">
      {shown.map((t) => (
        <TagChip key={t.id} tag={t} />
      ))}
      {rest > 0 ? <span className="shrink-0 text-xs text-slate-600" aria-hidden="true">+{rest}</span> : null}
    </span>
  );
}
