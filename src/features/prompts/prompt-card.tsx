// One prompt in the library. The list item is named by the prompt, so "Run", "Edit"… are unambiguous
// to a screen reader moving through the list (and to tests using `within`).
import { useId } from 'react';
import { Copy, Pencil, Play, Tag as TagIcon, Trash2 } from 'lucide-react';
import type { Prompt } from '@sync/model';
import type { Tag } from '@sync/organize-model';
import { Button, ButtonLink } from '@/components/ui/button';
import { TagLine } from '@/components/organize/tag-chip';

interface PromptCardProps {
  prompt: Prompt;
  /** The tags it carries, by name. */
  tags: readonly Tag[];
  onTags: (prompt: Prompt) => void;
  onDuplicate: (prompt: Prompt) => void;
  onDelete: (prompt: Prompt) => void;
}

export function PromptCard({ prompt, tags, onTags, onDuplicate, onDelete }: PromptCardProps) {
  const titleId = useId();
  return (
    <li aria-labelledby={titleId} className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={titleId} className="font-semibold text-slate-900">
        {prompt.name}
      </h2>
      <p className="line-clamp-2 min-h-10 text-sm text-slate-600">{prompt.description || 'No description'}</p>
      <TagLine tags={tags} max={4} />
      <div className="mt-auto flex flex-wrap items-center gap-0.5">
        <ButtonLink to={`/ai/prompts/run/${prompt.id}`} variant="primary">
          <Play className="size-4" aria-hidden="true" />
          Run
        </ButtonLink>
        <ButtonLink to={`/ai/prompts/${prompt.id}/edit`} variant="ghost" className="px-2">
          <Pencil className="size-4" aria-hidden="true" />
          Edit
        </ButtonLink>
        <Button variant="ghost" className="px-2" onClick={() => onDuplicate(prompt)}>
          <Copy className="size-4" aria-hidden="true" />
          Duplicate
        </Button>
        <Button variant="ghost" className="px-2" onClick={() => onTags(prompt)}>
          <TagIcon className="size-4" aria-hidden="true" />
          Add tag
        </Button>
        <Button variant="ghost" className="px-2 text-red-700" onClick={() => onDelete(prompt)}>
          <Trash2 className="size-4" aria-hidden="true" />
          Delete
        </Button>
      </div>
    </li>
  );
}
