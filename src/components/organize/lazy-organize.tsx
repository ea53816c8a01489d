// The tags dialog and the tag filter with their code (Radix Dialog, DropdownMenu, popper) fetched when first
// needed: for the prompt library, the start route, where every kilobyte counts (tests/e2e/js-budget.spec.ts).
import { lazy, Suspense, useState, type ComponentProps } from 'react';
import { Tag as TagIcon } from 'lucide-react';
import { buttonClass } from '@/components/ui/button';
import type { TagsDialog as TagsDialogType } from './tags-dialog';
import type { TagFilterMenu as TagFilterMenuType } from './tag-filter';

const TagsDialog = lazy(() => import('./tags-dialog').then((m) => ({ default: m.TagsDialog })));
const TagFilterMenu = lazy(() => import('./tag-filter').then((m) => ({ default: m.TagFilterMenu })));

export function LazyTagsDialog(props: ComponentProps<typeof TagsDialogType>) {
  const [opened, setOpened] = useState(props.open);
  // Once loaded it stays mounted, so closing behaves exactly like the eager dialog (focus goes back).
  if (props.open && !opened) setOpened(true);
  if (!opened) return null;
  return (
    <Suspense fallback={null}>
      <TagsDialog {...props} />
    </Suspense>
  );
}

/** While its code loads, the trigger shows as it will look (nothing moves), not yet pressable. */
export function LazyTagFilterMenu(props: ComponentProps<typeof TagFilterMenuType>) {
  const fallback = (
    <span className={buttonClass('secondary', 'max-w-48 border-slate-500')} aria-hidden="true">
      <TagIcon className="size-4 shrink-0" aria-hidden="true" />
      Tags
    </span>
  );
  return (
    <Suspense fallback={fallback}>
      <TagFilterMenu {...props} />
    </Suspense>
  );
}
