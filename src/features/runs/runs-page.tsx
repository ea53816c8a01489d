// Routes /ai/prompts/runs (every run, grouped by prompt) and /ai/prompts/:id/runs (one prompt's runs):
// the runs library full-page, with export of all runs and import (on a phone those buttons are their icons, so
// the title and the buttons keep to one line and the first run shows without scrolling).
import { useRef } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { NO_FOLDER } from '@sync/store/organize-filter';
import { useFolderTree } from '@/lib/data/use-organize';
import { Download, Users } from 'lucide-react';
import { usePrompt } from '@/lib/data/use-prompts';
import { Button, ButtonLink } from '@/components/ui/button';
import { ImportRunsButton } from './import-runs-button';
import { RunsLibrary } from './runs-library';
import { ToastRegion } from './toasts';
import { useRunActions } from './use-run-actions';
import { useShortcuts } from './use-shortcuts';

export function RunsPage() {
  const { id } = useParams();
  const actions = useRunActions();
  const searchRef = useRef<HTMLInputElement>(null);
  const prompt = usePrompt(id);
  useShortcuts({
    search: () => searchRef.current?.focus(),
    sidebar: () => undefined,
    newRun: () => undefined,
  });
  const [params] = useSearchParams();
  const folderId = params.get('folder');
  const tree = useFolderTree();
  const folder = tree?.flatMap((n) => [n.folder, ...n.children]).find((f) => f.id === folderId);
  const where = !folderId ? '' : folderId === NO_FOLDER ? ' · No folder' : folder ? ` · ${folder.name}` : tree ? ' · Folder not found' : '';
  const title = (id ? `Runs of “${prompt?.name ?? '…'}”` : 'All runs') + where;
  return (
    <div className="flex h-[calc(100dvh-3.5rem)] min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-2">
        <h1 className="mr-auto text-lg font-semibold">{title}</h1>
        {id ? <ButtonLink to={`/ai/prompts/run/${id}`} state={{ fresh: true }}>New run</ButtonLink> : null}
        <ButtonLink to="/ai/prompts/runs/shared">
          <Users className="size-4" aria-hidden="true" /> <span className="sr-only sm:not-sr-only">Shared with me</span>
        </ButtonLink>
        <Button onClick={() => void actions.exportRuns()}>
          <Download className="size-4" aria-hidden="true" /> <span className="sr-only sm:not-sr-only">Export all</span>
        </Button>
        <ImportRunsButton />
      </div>
      {id && prompt === null ? (
        <p role="alert" className="p-4">This prompt does not exist on this device.</p>
      ) : (
        <RunsLibrary ref={searchRef} key={id ?? 'all'} promptId={id ?? null} byPrompt={!id} folderInUrl label={id ? 'Runs of this prompt' : 'All runs'} />
      )}
      <ToastRegion />
    </div>
  );
}
