// Settings → Tags: rename a tag, give it a colour, or delete it; every run and prompt shows the change.
import { useState } from 'react';
import { Pencil, Trash2 } from 'lucide-react';
import { TAG_COLORS, type Tag, type TagColor } from '@sync/organize-model';
import { deleteTag, renameTag, setTagColor } from '@sync/store/tags';
import { useDb } from '@/lib/data/db-context';
import { useTags, useTagsByItem } from '@/lib/data/use-organize';
import { usePrompts } from '@/lib/data/use-prompts';
import { count, pick } from '@/lib/text/plural';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { COLOR_NAMES, TagChip } from '@/components/organize/tag-chip';

const FIELD = 'min-h-11 rounded-md border border-slate-500 bg-white px-2 text-sm';

interface Uses {
  runs: number;
  prompts: number;
}
const NO_USES: Uses = { runs: 0, prompts: 0 };

/** "3 runs, 1 prompt"; "1 prompt" when no run carries it; "0 runs" when nothing does. */
function usesInWords({ runs, prompts }: Uses): string {
  const parts = [runs > 0 || prompts === 0 ? count(runs, 'run') : null, prompts > 0 ? count(prompts, 'prompt') : null];
  return parts.filter(Boolean).join(', ');
}

function deleteWords(name: string, { runs, prompts }: Uses): string {
  const on = [runs > 0 ? count(runs, 'run') : null, prompts > 0 ? count(prompts, 'prompt') : null].filter(Boolean);
  if (on.length === 0) return `“${name}” is on no run or prompt here. It will be deleted on every device.`;
  const stay = runs > 0 && prompts > 0 ? 'The runs and prompts stay.' : runs > 0 ? `The ${pick(runs, 'run stays', 'runs stay')}.` : `The ${pick(prompts, 'prompt stays', 'prompts stay')}.`;
  return `“${name}” will be removed from ${on.join(' and ')}. ${stay}`;
}

export function TagsSection({ onMessage }: { onMessage: (text: string) => void }) {
  const db = useDb();
  const tags = useTags();
  const byRun = useTagsByItem('run');
  const byPrompt = useTagsByItem('prompt');
  const prompts = usePrompts();
  const [deleting, setDeleting] = useState<Tag | null>(null);
  const uses = new Map<string, Uses>();
  const use = (id: string) => uses.get(id) ?? uses.set(id, { runs: 0, prompts: 0 }).get(id)!;
  for (const list of byRun?.values() ?? []) for (const t of list) use(t.id).runs += 1;
  // Prompts in the library only: a deleted prompt's tags are not counted (nor shown anywhere).
  for (const prompt of prompts ?? []) for (const t of byPrompt?.get(prompt.id) ?? []) use(t.id).prompts += 1;
  const deletingUses = uses.get(deleting?.id ?? '') ?? NO_USES;

  return (
    <section id="tags" aria-labelledby="tags-title" className="flex max-w-xl flex-col gap-2">
      <h2 id="tags-title" className="text-lg font-semibold">
        Tags
      </h2>
      {tags === undefined ? null : tags.length === 0 ? (
        <p className="text-sm text-slate-600">
          No tags yet. Add one to a run with “Add tag” in the run’s header or “Tags” in its menu, or to a prompt with “Add tag” in the prompt library.
        </p>
      ) : (
        <ul className="flex flex-col divide-y divide-slate-200 rounded-md border border-slate-300">
          {tags.map((tag) => (
            <TagRow key={tag.id} tag={tag} uses={uses.get(tag.id) ?? NO_USES} onMessage={onMessage} onDelete={() => setDeleting(tag)} />
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? undefined : setDeleting(null))}
        title="Delete tag?"
        description={deleteWords(deleting?.name ?? '', deletingUses)}
        confirmLabel="Delete tag"
        onConfirm={() => {
          if (!deleting) return;
          void deleteTag(db, deleting.id).then((r) => onMessage(r.ok ? `Deleted tag “${deleting.name}”.` : r.error.message));
        }}
      />
    </section>
  );
}

function TagRow({ tag, uses, onMessage, onDelete }: { tag: Tag; uses: Uses; onMessage: (text: string) => void; onDelete: () => void }) {
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
        <span className="flex min-w-0 flex-1 flex-wrap items-center gap-x-2">
          <TagChip tag={tag} />
          <span className="whitespace-nowrap text-xs text-slate-600">{usesInWords(uses)}</span>
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
