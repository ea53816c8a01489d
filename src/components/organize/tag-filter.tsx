// "Filter by tag": a menu of tags to tick, for any list narrowed to the items carrying all the ticked ones
// (the runs pages, the prompt library). The trigger names the chosen tags.
import { DropdownMenu } from 'radix-ui';
import { Tag as TagIcon } from 'lucide-react';
import type { Tag } from '@sync/organize-model';
import { buttonClass } from '@/components/ui/button';
import { TagChip } from './tag-chip';

const ITEM = 'flex min-h-11 cursor-default select-none items-center gap-2 rounded px-3 text-sm outline-none data-[highlighted]:bg-slate-100';

interface TagFilterMenuProps {
  /** The tags offered, in order. */
  tags: readonly Tag[];
  /** Ids of the ticked tags. */
  chosen: readonly string[];
  onChange: (ids: string[]) => void;
  /** What to do when there is no tag to offer ("Add one from a run’s menu: Tags."). */
  emptyHint: string;
  wide?: boolean;
}

export function TagFilterMenu({ tags, chosen: chosenIds, onChange, emptyHint, wide = false }: TagFilterMenuProps) {
  const chosen = tags.filter((t) => chosenIds.includes(t.id));
  const toggle = (id: string, on: boolean) => onChange(on ? [...chosenIds, id] : chosenIds.filter((t) => t !== id));
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        className={buttonClass(chosen.length ? 'primary' : 'secondary', `border-slate-500 ${wide ? 'w-full justify-start' : 'max-w-48'}`)}
        aria-label={chosen.length ? `Filter by tag: ${chosen.map((t) => t.name).join(', ')}` : 'Filter by tag'}
      >
        <TagIcon className="size-4 shrink-0" aria-hidden="true" />
        <span className="truncate">{chosen.length ? chosen.map((t) => t.name).join(', ') : 'Tags'}</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="start"
          sideOffset={4}
          collisionPadding={8}
          className="z-50 max-h-[min(20rem,var(--radix-dropdown-menu-content-available-height))] min-w-48 overflow-y-auto rounded-md border border-slate-200 bg-white p-1 shadow-lg"
        >
          {tags.length === 0 ? (
            <p className="max-w-64 px-3 py-2 text-sm text-slate-700">{emptyHint}</p>
          ) : (
            tags.map((tag) => (
              <DropdownMenu.CheckboxItem
                key={tag.id}
                className={ITEM}
                checked={chosenIds.includes(tag.id)}
                onCheckedChange={(on) => toggle(tag.id, on)}
                onSelect={(e) => e.preventDefault()}
              >
                <span aria-hidden="true" className="w-4 text-center">{chosenIds.includes(tag.id) ? '✓' : ''}</span>
                <TagChip tag={tag} />
              </DropdownMenu.CheckboxItem>
            ))
          )}
          {chosenIds.length > 0 ? (
            <DropdownMenu.Item className={ITEM} onSelect={() => onChange([])}>
              Clear tags
            </DropdownMenu.Item>
          ) : null}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
