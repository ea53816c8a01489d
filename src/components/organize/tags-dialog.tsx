// Tags of one run (the run header, its menu), of several (the bulk bar) or of a prompt (the prompt library):
// the tags they carry, each with Remove, and the "Tag" box to add one (an existing tag or a new one).
// Changes apply at once.
import { X } from 'lucide-react';
import { DialogFrame } from '@/components/ui/dialog-frame';
import { useState } from 'react';
import { addTagByName, setTagOn, type TaggedKind } from '@sync/store/tags';
import { useDb } from '@/lib/data/db-context';
import { useTags, useTagsByItem } from '@/lib/data/use-organize';
import { count } from '@/lib/text/plural';
import { Button } from '@/components/ui/button';
import { TagChip } from './tag-chip';
import { TagCombobox } from './tag-combobox';

interface TagsDialogProps {
  kind?: TaggedKind;
  itemIds: readonly string[];
  /** "Tags of “Trip plan”", "Tags of 3 runs". */
  title: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

export function TagsDialog({ kind = 'run', itemIds, title, open, onOpenChange }: TagsDialogProps) {
  return (
    <DialogFrame
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      description="Add or remove tags. Changes are saved at once."
      className="fixed left-1/2 top-[12vh] w-[min(92vw,28rem)] -translate-x-1/2 p-5"
    >
      {open ? <TagsEditor kind={kind} itemIds={itemIds} /> : null}
    </DialogFrame>
  );
}

function TagsEditor({ kind, itemIds }: { kind: TaggedKind; itemIds: readonly string[] }) {
  const db = useDb();
  const tags = useTags() ?? [];
  const byItem = useTagsByItem(kind);
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const many = itemIds.length > 1;
  const noun = kind === 'run' ? 'run' : 'prompt';
  // How many of the items carry each tag.
  const carried = new Map<string, number>();
  for (const id of itemIds) for (const t of byItem?.get(id) ?? []) carried.set(t.id, (carried.get(t.id) ?? 0) + 1);
  const on = tags.filter((t) => carried.has(t.id));
  const suggestions = tags.filter((t) => (carried.get(t.id) ?? 0) < itemIds.length);

  const add = async (name: string) => {
    const result = await addTagByName(db, kind, itemIds, name);
    if (!result.ok) {
      setError(result.error.message);
      return false;
    }
    setError(null);
    setSaid(`Added “${result.value.tag.name}”${many ? ` to ${count(itemIds.length, noun)}` : ''}.`);
    return true;
  };
  const remove = async (tagId: string, name: string) => {
    const result = await setTagOn(db, kind, itemIds, tagId, false);
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setSaid(`Removed “${name}”.`);
  };

  return (
    <div className="mt-3 flex flex-col gap-3">
      {on.length === 0 ? (
        <p className="text-sm text-slate-700">{many ? `None of these ${noun}s has a tag yet.` : 'No tags yet.'}</p>
      ) : (
        <ul aria-label="Tags" className="flex flex-wrap gap-1">
          {on.map((tag) => (
            <li key={tag.id} className="inline-flex items-center gap-0.5">
              <TagChip tag={tag} />
              {many && carried.get(tag.id)! < itemIds.length ? (
                <span className="text-xs text-slate-600">({carried.get(tag.id)} of {itemIds.length})</span>
              ) : null}
              <Button variant="ghost" className="px-1.5" aria-label={`Remove tag ${tag.name}`} onClick={() => void remove(tag.id, tag.name)}>
                <X className="size-3.5" aria-hidden="true" />
              </Button>
            </li>
          ))}
        </ul>
      )}
      <TagCombobox suggestions={suggestions} onAdd={add} />
      {error ? (
        <p role="alert" className="text-sm font-medium text-red-700">{error}</p>
      ) : null}
      <p className="sr-only" aria-live="polite">{said}</p>
    </div>
  );
}
