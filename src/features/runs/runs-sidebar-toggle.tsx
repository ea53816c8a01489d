// The header's button for the wide-screen runs sidebar (shown from 1024 px, where the sidebar can stay open
// beside every page). Part of the start: the sidebar itself loads when first opened.
import { PanelLeft } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { setRunsSidebar, useRunsSidebar } from './runs-sidebar-state';

export function RunsSidebarToggle() {
  const { open } = useRunsSidebar();
  return (
    <Button variant="ghost" className="max-lg:hidden" aria-label="Runs sidebar" aria-pressed={open} title="Show or hide the runs sidebar" onClick={() => setRunsSidebar({ open: !open })}>
      <PanelLeft className="size-4" aria-hidden="true" />
    </Button>
  );
}
