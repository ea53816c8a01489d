// A dialog's frame: the dimmed page behind, the panel (its place and size from `className`), the title with
// a Close button beside it, and the description, visible or for screen readers only.
import type { ReactNode } from 'react';
import { Dialog } from 'radix-ui';
import { X } from 'lucide-react';
import { buttonClass } from './button';

interface DialogFrameProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  /** Shown under the title; otherwise read by screen readers only. */
  showDescription?: boolean;
  /** The panel's position, size and layout. */
  className: string;
  children: ReactNode;
}

export function DialogFrame({ open, onOpenChange, title, description, showDescription = false, className, children }: DialogFrameProps) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className={`z-50 rounded-lg bg-white shadow-xl ${className}`}>
          <div className="flex items-start justify-between gap-2">
            <Dialog.Title className="min-w-0 break-words text-lg font-semibold">{title}</Dialog.Title>
            <Dialog.Close className={buttonClass('ghost', '-mr-2 -mt-2 px-2')} aria-label="Close">
              <X className="size-4" aria-hidden="true" />
            </Dialog.Close>
          </div>
          <Dialog.Description className={showDescription ? 'text-sm text-slate-700' : 'sr-only'}>{description}</Dialog.Description>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
