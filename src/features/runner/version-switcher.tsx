// Moves between the versions (siblings) of a message: regenerated replies or edited user messages.
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { Button } from '@/components/ui/button';

interface VersionSwitcherProps {
  index: number;
  count: number;
  disabled: boolean;
  onStep: (step: -1 | 1) => void;
}

export function VersionSwitcher({ index, count, disabled, onStep }: VersionSwitcherProps) {
  return (
    <div className="flex items-center text-xs text-slate-600" role="group" aria-label="Versions">
      <Button variant="ghost" aria-label="Previous version" disabled={disabled || index === 0} onClick={() => onStep(-1)}>
        <ChevronLeft className="size-4" aria-hidden="true" />
      </Button>
      <span aria-live="polite">{`${index + 1} / ${count}`}</span>
      <Button variant="ghost" aria-label="Next version" disabled={disabled || index === count - 1} onClick={() => onStep(1)}>
        <ChevronRight className="size-4" aria-hidden="true" />
      </Button>
    </div>
  );
}
