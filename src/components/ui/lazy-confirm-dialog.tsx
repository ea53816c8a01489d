// ConfirmDialog with its code (Radix AlertDialog, focus trap, scroll lock) fetched the first time it opens:
// for pages on the start route, where a confirmation is rare and every kilobyte counts.
import { lazy, Suspense, useState, type ComponentProps } from 'react';
import type { ConfirmDialog as ConfirmDialogType } from './confirm-dialog';

const ConfirmDialog = lazy(() => import('./confirm-dialog').then((m) => ({ default: m.ConfirmDialog })));

export function LazyConfirmDialog(props: ComponentProps<typeof ConfirmDialogType>) {
  const [opened, setOpened] = useState(props.open);
  // Once loaded it stays mounted, so closing behaves exactly like the eager ConfirmDialog.
  if (props.open && !opened) setOpened(true);
  if (!opened) return null;
  return (
    <Suspense fallback={null}>
      <ConfirmDialog {...props} />
    </Suspense>
  );
}
