// The share dialog with its code fetched the first time it opens (most visits never share).
import { lazy, Suspense, useState } from 'react';
import type { ShareDialogProps } from './share-dialog';

const ShareDialog = lazy(() => import('./share-dialog').then((m) => ({ default: m.ShareDialog })));

export function LazyShareDialog(props: ShareDialogProps) {
  const [opened, setOpened] = useState(props.runId !== null);
  if (props.runId !== null && !opened) setOpened(true);
  if (!opened) return null;
  return (
    <Suspense fallback={null}>
      <ShareDialog {...props} />
    </Suspense>
  );
}
