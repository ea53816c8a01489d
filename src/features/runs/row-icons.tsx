// The icons of run rows, drawn once per list as an SVG sprite and referenced by each row with <use>.
// A list scrolled to its end mounts every one of 10,000 rows; a lucide component per icon rebuilt its
// SVG element tree (three icons, each a few React elements and fibers) on each of those mounts, and was
// the largest single source of garbage while scrolling — garbage whose collection paused the list.
import { createContext, memo, useContext, useId, type ReactNode } from 'react';
import { MoreHorizontal, Pin, RotateCcw, Star, Trash2 } from 'lucide-react';

const ICONS = { star: Star, trash: Trash2, more: MoreHorizontal, restore: RotateCcw, pin: Pin } as const;
export type RowIconName = keyof typeof ICONS;

const SpriteContext = createContext<string | null>(null);

/** Holds a list's sprite: rows inside it draw their icons from it. */
export function RowIconSprite({ children }: { children: ReactNode }) {
  // Ids of the list's own (two lists can be on screen), kept to characters a URL fragment carries as is.
  const id = `run-icons${useId().replace(/[^\w-]/g, '')}`;
  return (
    <SpriteContext.Provider value={id}>
      <SpriteSymbols id={id} />
      {children}
    </SpriteContext.Provider>
  );
}

// Memoised: the list re-renders on every scroll frame, and its symbols never change.
const SpriteSymbols = memo(function SpriteSymbols({ id }: { id: string }) {
  return (
    <svg aria-hidden="true" width="0" height="0" className="absolute">
      {Object.entries(ICONS).map(([name, Icon]) => (
        <symbol key={name} id={`${id}-${name}`} viewBox="0 0 24 24">
          {/* The fill comes from the row's icon (a star is filled when starred), through a variable:
              the shape under <use> inherits custom properties, not the fill of the outer svg. */}
          <Icon style={{ fill: 'var(--row-icon-fill, none)' }} />
        </symbol>
      ))}
    </svg>
  );
});

/** One icon of a row, 16 px, decorative (the button around it carries the name). */
export function RowIcon({ name, className = '' }: { name: RowIconName; className?: string }) {
  const sprite = useContext(SpriteContext);
  return (
    <svg aria-hidden="true" className={`size-4 shrink-0 ${className}`}>
      <use href={`#${sprite ?? ''}-${name}`} />
    </svg>
  );
}

/** A starred run's star: amber, filled. */
export const STARRED = 'text-amber-600 [--row-icon-fill:var(--color-amber-400)]';
