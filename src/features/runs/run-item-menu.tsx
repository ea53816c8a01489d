// The options menu of one run (the "…" button, a right-click, or a long-press on touch).
import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { DropdownMenu } from 'radix-ui';
import type { Run } from '@sync/model';
import type { RunView } from '@sync/store/run-queries';
import { buttonClass } from '@/components/ui/button';
import { RowIcon } from './row-icons';

export type MenuCommand = 'select' | 'rename' | 'details' | 'tags' | 'move' | 'share' | 'pdf' | 'star' | 'pin' | 'archive' | 'unarchive' | 'rerun' | 'template' | 'compare' | 'delete' | 'restore' | 'purge' | 'leave';

interface RunItemMenuProps {
  run: Run;
  view: RunView;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCommand: (command: MenuCommand) => void;
}

const ITEM = 'flex min-h-11 cursor-default select-none items-center rounded px-3 text-sm outline-none data-[highlighted]:bg-slate-100';

function commandsFor(run: Run, view: RunView): Array<[MenuCommand, string]> {
  // Someone else's run, shared with me: what is mine to do in it (a star, a pin, my own tags and folder,
  // my own copies), and Leave.
  if (run.shared) {
    return [
      ['select', 'Select'],
      ...(run.shared.role === 'editor' ? [['rename', 'Rename'] as [MenuCommand, string]] : []),
      ['tags', 'Tags'],
      ['move', 'Move to folder'],
      ['details', 'Details'],
      ['pdf', 'Download PDF'],
      ['star', run.is_starred ? 'Unstar' : 'Star'],
      ['pin', run.is_pinned ? 'Unpin' : 'Pin'],
      ['compare', 'Compare with…'],
      ['leave', 'Leave'],
    ];
  }
  if (view === 'trash') return [['select', 'Select'], ['details', 'Details'], ['pdf', 'Download PDF'], ['restore', 'Restore'], ['purge', 'Delete forever']];
  return [
    ['select', 'Select'],
    ['rename', 'Rename'],
    ['tags', 'Tags'],
    ['move', 'Move to folder'],
    ['details', 'Details'],
    ['share', 'Share'],
    ['pdf', 'Download PDF'],
    ['star', run.is_starred ? 'Unstar' : 'Star'],
    ['pin', run.is_pinned ? 'Unpin' : 'Pin'],
    run.status === 'archived' ? ['unarchive', 'Unarchive'] : ['archive', 'Archive'],
    ['rerun', 'Re-run with same inputs'],
    ['template', 'Save as template'],
    ['compare', 'Compare with…'],
    ['delete', 'Delete'],
  ];
}

/**
 * Until a row's menu is first opened its "…" is a plain button: a Radix menu per row (its contexts,
 * popper anchor and trigger) made mounting rows the longest task while scrolling 10,000 runs. The
 * button opens the menu on the same events the Radix trigger does, then the real menu takes over.
 */
export function RunItemMenu(props: RunItemMenuProps) {
  const [used, setUsed] = useState(false);
  if (props.open && !used) setUsed(true);
  return used || props.open ? <Menu {...props} /> : <MenuButton run={props.run} onOpen={() => props.onOpenChange(true)} />;
}

function MenuButton({ run, onOpen }: { run: Run; onOpen: () => void }) {
  return (
    <button
      type="button"
      className={buttonClass('ghost', 'relative z-10 px-2')}
      aria-label={`More actions for ${run.name}`}
      aria-haspopup="menu"
      aria-expanded={false}
      data-state="closed"
      onPointerDown={(e: PointerEvent) => {
        // As the Radix trigger: the main button only (a Ctrl-click is a right click on macOS), and no
        // focus on the button, so the menu's first item can take it.
        if (e.button !== 0 || e.ctrlKey) return;
        e.preventDefault();
        onOpen();
      }}
      onKeyDown={(e: KeyboardEvent) => {
        if (e.key !== 'Enter' && e.key !== ' ' && e.key !== 'ArrowDown') return;
        e.preventDefault();
        onOpen();
      }}
    >
      <RowIcon name="more" />
    </button>
  );
}

function Menu({ run, view, open, onOpenChange, onCommand }: RunItemMenuProps) {
  // Rename opens a text box in the row, once the menu has closed: while open, the menu keeps the focus
  // inside it, and closing, it would give it back to its button; either way the box would lose it at once.
  const renaming = useRef(false);
  return (
    <DropdownMenu.Root open={open} onOpenChange={onOpenChange}>
      <DropdownMenu.Trigger className={buttonClass('ghost', 'relative z-10 px-2')} aria-label={`More actions for ${run.name}`}>
        <RowIcon name="more" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        {/* Its entries are taller than the room above or below a row on a phone: the menu keeps to the
            screen and scrolls, so no entry is left off-screen where no finger can reach it. */}
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          collisionPadding={8}
          onCloseAutoFocus={(e) => {
            if (!renaming.current) return;
            renaming.current = false;
            e.preventDefault();
            onCommand('rename');
          }}
          className="z-50 scroll-cue max-h-(--radix-dropdown-menu-content-available-height) min-w-48 overflow-y-auto rounded-md border border-slate-200 p-1 shadow-lg"
        >
          {commandsFor(run, view).map(([command, label]) => (
            <DropdownMenu.Item
              key={command}
              className={`${ITEM} ${command === 'delete' || command === 'purge' || command === 'leave' ? 'text-red-700' : ''}`}
              onSelect={() => {
                if (command === 'rename') renaming.current = true;
                else onCommand(command);
              }}
            >
              {label}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
