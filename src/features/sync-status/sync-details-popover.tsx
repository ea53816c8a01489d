// The floating panel of the sync badge (Radix Popover: Escape, outside click, positioning). Its own chunk:
// the badge loads it on first hover, focus or click, so Radix and floating-ui stay off the first route.
import { useRef, type RefObject } from 'react';
import { Popover } from 'radix-ui';
import type { SyncEngine } from '@sync/engine/sync-engine';
import type { SyncState } from '@sync/engine/sync-state';
import type { FirstSyncProgress } from '@/lib/data/use-first-sync-progress';
import { SyncDetails } from './sync-details';

export interface SyncDetailsPopoverProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The badge's own button: the panel is placed against it and gives focus back to it on close. */
  triggerRef: RefObject<HTMLButtonElement | null>;
  contentId: string;
  engine: SyncEngine | null;
  state: SyncState | null;
  nowMs: number;
  /** A new device's first sync under way, or null. */
  firstSync?: FirstSyncProgress | null;
}

export function SyncDetailsPopover({ open, onOpenChange, triggerRef, contentId, engine, state, nowMs, firstSync = null }: SyncDetailsPopoverProps) {
  // Like Radix's own Trigger: focus returns to the button unless the person clicked elsewhere to close.
  const interactedOutside = useRef(false);
  return (
    <Popover.Root open={open} onOpenChange={onOpenChange}>
      <Popover.Anchor virtualRef={triggerRef} />
      <Popover.Portal>
        <Popover.Content
          id={contentId}
          align="end"
          sideOffset={6}
          aria-label="Sync details"
          className="z-50 w-[min(92vw,22rem)] rounded-lg border border-slate-200 bg-white p-4 shadow-lg"
          onInteractOutside={(event) => {
            // A press on the badge itself toggles through its click handler; dismissing here too would reopen it.
            if (triggerRef.current?.contains(event.target as Node)) event.preventDefault();
            else interactedOutside.current = true;
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            if (!interactedOutside.current) triggerRef.current?.focus();
            interactedOutside.current = false;
          }}
        >
          <SyncDetails engine={engine} state={state} nowMs={nowMs} firstSync={firstSync} />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
