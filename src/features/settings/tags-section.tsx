// Settings → Tags: rename a tag, give it a colour, or delete it; every run and prompt shows the change.
import { useState } from 'react';
import { Pencil, Trash2 } from 'lucide-react';
import { TAG_COLORS, type Tag, type TagColor } from '@sync/organize-model';
import { deleteTag, renameTag, setTagColor } from '@sync/store/tags';
import { useDb } from '@/lib/data/db-context';
import { useTags, useTagsByItem } from '@/lib/data/use-organize';
import { count } from '@/lib/text/plural';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { COLOR_NAMES, TagChip } from '@/components/organize/tag-chip';

const FIELD = 'min-h-11 rounded-md border border-slate-500 bg-white px-2 text-sm';

export function TagsSection({ onMessage }: { onMessage: (text: string) => void }) {
  const db = useDb();
  const tags = useTags();
  const byRun = useTagsByItem('run');
  const [deleting, setDeleting] = useState<Tag | null>(null);
  const uses = new Map<string, number>();
  for (const list of byRun?.values() ?? []) for (const t of list) uses.set(t.id, (uses.get(t.id) ?? 0) + 1);

  return (
    <section id="tags" aria-labelledby="tags-title" className="flex max-w-xl flex-col gap-2">
      <h2 id="tags-title" className="text-lg font-semibold">
        Tags
      </h2>
      {tags === undefined ? null : tags.length === 0 ? (
        <p className="text-sm text-slate-600">No tags yet. Add one to a run with “Add tag” in the run’s header, or “Tags” in its menu.</p>
      ) : (
        <ul className="flex flex-col divide-y divide-slate-200 rounded-md border border-slate-300">
          {tags.map((tag) => (
            <TagRow key={tag.id} tag={tag} runs={uses.get(tag.id) ?? 0} onMessage={onMessage} onDelete={() => setDeleting(tag)} />
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? undefined : setDeleting(null))}
        title="Delete tag?"
        description={`“${deleting?.name ?? ''}” will be removed from ${count(uses.get(deleting?.id ?? '') ?? 0, 'run')} and every prompt. The runs stay.`}
        confirmLabel="Delete tag"
        onConfirm={() => {
          if (!deleting) return;
          void deleteTag(db, deleting.id).then((r) => onMessage(r.ok ? `Deleted tag “${deleting.name}”.` : r.error.message));
        }}
      />
    </section>
  );
}

function TagRow({ tag, runs, onMessage, onDelete }: { tag: Tag; runs: number; onMessage: (text: string) => void; onDelete: () => void }) {
  const db = useDb();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(tag.name);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    if (name.trim() === tag.name) return setRenaming(false);
    const result = await renameTag(db, tag.id, name);
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setRenaming(false);
    onMessage(`Renamed “${tag.name}” to “${result.value.name}”.`);
  };
  return (
    <li className="flex flex-wrap items-center gap-2 px-3 py-1.5">
      {renaming ? (
        <input
          aria-label={`New name for ${tag.name}`}
          aria-invalid={error ? true : undefined}
          autoFocus
          maxLength={100}
          className={`${FIELD} min-w-0 flex-1`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void save();
            if (e.key === 'Escape') {
              e.preventDefault();
              setRenaming(false);
              setName(tag.name);
              setError(null);
            }
          }}
        />
      ) : (
        <span className="flex min-w-0 flex-1 items-center gap-2">
          <TagChip tag={tag} />
          <span className="text-xs text-slate-600">{count(runs, 'run')}</span>
        </span>
      )}
      <select
        aria-label={`Colour of ${tag.name}`}
        className={FIELD}
        value={tag.color ?? ''}
        onChange={(e) => void setTagColor(db, tag.id, (e.target.value || null) as TagColor | null).then((r) => (r.ok ? undefined : onMessage(r.error.message)))}
      >
        <option value="">No colour</option>
        {TAG_COLORS.map((c) => (
          <option key={c} value={c}>
            {COLOR_NAMES[c]}
          </option>
        ))}
      </select>
      {renaming ? (
        <Button onClick={() => void save()}>Save</Button>
      ) : (
        <Button variant="ghost" aria-label={`Rename ${tag.name}`} title="Rename" onClick={() => setRenaming(true)}>
          <Pencil className="size-4" aria-hidden="true" />
        </Button>
      )}
      <Button variant="ghost" aria-label={`Delete ${tag.name}`} title="Delete" onClick={onDelete}>
        <Trash2 className="size-4 text-red-700" aria-hidden="true" />
      </Button>
      {error ? <p role="alert" className="basis-full text-sm font-medium text-red-700">{error}</p> : null}
    </li>
  );
}
