// The header's button for the wide-screen runs sidebar (shown from 1024 px, where the sidebar can stay open
// beside every page). Part of the start: the sidebar itself loads when first opened.
import { PanelLeft } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { setRunsSidebar, useRunsSidebar } from './runs-sidebar-state';

/** `onList`: the page is a runs page, the list itself, where the sidebar is not shown: the button says so
 *  instead of toggling a sidebar that would not appear. */
export function RunsSidebarToggle({ onList = false }: { onList?: boolean }) {
  const { open } = useRunsSidebar();
  return (
    <Button
      variant="ghost"
      className="max-lg:hidden"
      aria-label="Runs sidebar"
      aria-pressed={onList ? false : open}
      disabled={onList}
      title={onList ? 'This page lists the runs; the sidebar shows beside the other pages' : 'Show or hide the runs sidebar'}
      onClick={() => setRunsSidebar({ open: !open })}
    >
      <PanelLeft className="size-4" aria-hidden="true" />
    </Button>
  );
}
