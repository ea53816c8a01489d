// The "Tag" box: type a name, pick an existing tag from the suggestions (arrow keys or a tap) or press
// Enter to make a new one. An ARIA 1.2 combobox: the list is named, the highlighted option is announced.
import { useId, useState } from 'react';
import type { Tag } from '@sync/organize-model';
import { tagKey } from '@sync/store/tags';
import { Button } from '@/components/ui/button';
import { TagChip } from './tag-chip';

interface TagComboboxProps {
  /** Tags to suggest (those already on the item left out by the caller). */
  suggestions: readonly Tag[];
  onAdd: (name: string) => Promise<boolean>;
}

const MAX_SUGGESTIONS = 6;

export function TagCombobox({ suggestions, onAdd }: TagComboboxProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const typed = tagKey(text);
  const matches = suggestions.filter((t) => tagKey(t.name).includes(typed)).slice(0, MAX_SUGGESTIONS);
  const shown = open && matches.length > 0;
  const add = async (name: string) => {
    if (!name.trim()) return;
    if (await onAdd(name)) {
      setText('');
      setActive(-1);
    }
  };
  return (
    <div className="relative flex items-start gap-2">
      <div className="relative min-w-0 flex-1">
        <input
          role="combobox"
          aria-label="Tag"
          aria-autocomplete="list"
          aria-expanded={shown}
          aria-controls={`${id}-list`}
          aria-activedescendant={shown && active >= 0 ? `${id}-opt-${active}` : undefined}
          autoComplete="off"
          placeholder="Type a tag"
          maxLength={100}
          className="min-h-11 w-full rounded-md border border-slate-500 bg-white px-3 text-base text-slate-900 placeholder:text-slate-500 sm:text-sm"
          value={text}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setOpen(true);
              const step = e.key === 'ArrowDown' ? 1 : -1;
              setActive((i) => (matches.length === 0 ? -1 : (i + step + matches.length) % matches.length));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              void add(shown && active >= 0 ? matches[active]!.name : text);
            } else if (e.key === 'Escape' && shown) {
              // The first Escape closes the suggestions, not the dialog around the box.
              e.preventDefault();
              e.stopPropagation();
              setOpen(false);
            }
          }}
        />
        <ul
          id={`${id}-list`}
          role="listbox"
          aria-label="Existing tags"
          hidden={!shown}
          className="absolute inset-x-0 top-full z-10 mt-1 max-h-60 overflow-auto rounded-md border border-slate-300 bg-white p-1 shadow-lg"
        >
          {matches.map((tag, i) => (
            <li
              key={tag.id}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={`flex min-h-11 cursor-pointer items-center rounded px-2 ${i === active ? 'bg-slate-100' : ''}`}
              // Before the box loses focus (which closes the list).
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => void add(tag.name)}
            >
              <TagChip tag={tag} />
            </li>
          ))}
        </ul>
      </div>
      <Button onClick={() => void add(text)} disabled={!text.trim()}>
        Add
      </Button>
    </div>
  );
}
