// Run details (seed 5.4): metadata, name and description to edit, the model settings and variable
// values the run used, and exports of its conversation (text, Markdown, JSON, PDF).
import { useEffect, useState } from 'react';
import { Dialog } from 'radix-ui';
import { X } from 'lucide-react';
import { exportRuns } from '@sync/store/export-import';
import { useDb } from '@/lib/data/db-context';
import { useRunDetails } from '@/lib/data/use-runs';
import { Button } from '@/components/ui/button';
import { RunHistoryButton } from '@/components/organize/run-history';
import { runUsageRows } from '@/components/usage/run-usage';
import { usePrices } from '@/lib/data/use-prices';
import { sumUsage } from '@sync/usage/reply-usage';
import { useProviders } from '@/lib/data/use-providers';
import { modelLabel } from '@/lib/llm/model-label';
import { settingsRows, STATUS_WORDS, variableRows } from './run-facts';
import { conversationAsMarkdown, conversationAsText, downloadFile, fileSafe } from './conversation-export';
import { showToast } from './toasts';
import type { RunActions } from './use-run-actions';

interface RunDetailsDialogProps {
  runId: string | null;
  onClose: () => void;
  actions: RunActions;
}

const FIELD = 'w-full rounded-md border border-slate-500 px-2 py-2 text-sm';

export function RunDetailsDialog({ runId, onClose, actions }: RunDetailsDialogProps) {
  return (
    <Dialog.Root open={runId !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 max-h-[90dvh] w-[min(94vw,34rem)] -translate-x-1/2 -translate-y-1/2 scroll-py-5 overflow-y-auto rounded-lg bg-white p-5 shadow-xl"
          // Radix moves focus round the dialog (Tab past the last control) without scrolling to it: bring
          // the focused control into view, or a keyboard user is left on a Close button scrolled away.
          onFocusCapture={(e) => (e.target as HTMLElement).scrollIntoView?.({ block: 'nearest' })}
        >
          <div className="flex items-center justify-between">
            <Dialog.Title className="text-lg font-semibold">Run details</Dialog.Title>
            <Dialog.Close className="inline-flex size-11 items-center justify-center rounded-md hover:bg-slate-100" aria-label="Close">
              <X className="size-4" aria-hidden="true" />
            </Dialog.Close>
          </div>
          <Dialog.Description className="sr-only">Metadata, settings and exports of this run.</Dialog.Description>
          {runId ? <DetailsBody runId={runId} actions={actions} onClose={onClose} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function DetailsBody({ runId, actions, onClose }: { runId: string; actions: RunActions; onClose: () => void }) {
  const db = useDb();
  const data = useRunDetails(runId);
  const prices = usePrices();
  const providers = useProviders();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const loadedId = data?.run.id;
  useEffect(() => {
    if (!data) return;
    setName(data.run.name);
    setDescription(data.run.description);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- fill the form once per run, not on every save
  }, [loadedId]);
  if (data === undefined) return <p className="py-4 text-sm">Loading…</p>;
  if (data === null) return <p role="alert" className="py-4 text-sm">This run no longer exists on this device.</p>;
  const { run, messages, prompt } = data;
  // Someone else's run: its name and description are an editor's to change, its place (archive) its owner's.
  const readOnly = run.shared?.role === 'viewer';

  const save = async () => {
    if (name.trim() !== run.name && !(await actions.rename(run, name))) return;
    if (description.trim() !== run.description) {
      const result = await actions.describe(run, description);
      if (!result.ok) return showToast(result.error.message);
    }
    showToast('Details saved');
  };
  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      showToast(`Copied ${what}`);
    } catch {
      showToast('Copying is blocked here: use a download instead.');
    }
  };
  const modelName = modelLabel(run.settings, providers);
  const variables = variableRows(run, prompt);
  const facts = { modelName, variables };
  const meta: Array<[string, string]> = [
    ['Prompt', prompt?.name ?? run.shared?.prompt_name ?? 'Unknown prompt'],
    ...(run.shared ? [['Shared by', run.shared.owner_email] as [string, string]] : []),
    ['Status', STATUS_WORDS[run.status]],
    ['Messages', String(run.visible_message_count ?? run.message_count)],
    ['Created', new Date(run.created_at).toLocaleString()],
    ['Last message', new Date(run.last_message_at).toLocaleString()],
  ];

  return (
    <div className="mt-3 flex flex-col gap-4 text-sm">
      <label className="flex flex-col gap-1">
        <span className="font-medium">Name</span>
        <input className={FIELD} value={name} maxLength={200} readOnly={readOnly} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="font-medium">Description</span>
        <textarea className={FIELD} rows={3} value={description} readOnly={readOnly} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <div className="flex flex-wrap gap-2">
        {readOnly ? null : (
          <Button variant="primary" onClick={() => void save()}>
            Save details
          </Button>
        )}
        <RunHistoryButton
          run={run}
          onRestored={(r) => {
            setName(r.name);
            setDescription(r.description);
          }}
        />
      </div>
      <Table caption="Run" rows={meta} />
      {prices ? <Table caption="Usage" rows={runUsageRows(sumUsage(messages, prices))} /> : null}
      <Table caption="Model settings" rows={settingsRows(run.settings, modelName)} />
      <Table caption="Variable values" rows={variables} empty="This run used no variables." />
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => void copy(conversationAsText(run, messages), 'the conversation as text')}>Copy as text</Button>
        <Button onClick={() => void copy(conversationAsMarkdown(run, messages, facts), 'the conversation as Markdown')}>Copy as Markdown</Button>
        <Button onClick={() => downloadFile(`${fileSafe(run.name)}.md`, conversationAsMarkdown(run, messages, facts), 'text/markdown')}>Download Markdown</Button>
        <Button onClick={() => downloadFile(`${fileSafe(run.name)}.txt`, conversationAsText(run, messages), 'text/plain;charset=utf-8')}>Download text</Button>
        <Button onClick={() => void exportRuns(db, [run.id]).then((d) => downloadFile(`${fileSafe(run.name)}.json`, JSON.stringify(d, null, 2)))}>
          Download JSON
        </Button>
        <Button onClick={() => void actions.downloadPdf([run.id])}>Download PDF</Button>
      </div>
      <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-3">
        {run.shared ? null : (
          <Button
            onClick={() => {
              onClose();
              actions.rerun(run);
            }}
          >
            Re-run with same inputs
          </Button>
        )}
        {run.status !== 'deleted' ? <Button onClick={() => void actions.pin(run)}>{run.is_pinned ? 'Unpin' : 'Pin'}</Button> : null}
        {run.status === 'active' && !run.shared ? <Button onClick={() => void actions.archive(run)}>Archive</Button> : null}
        {run.status !== 'active' && !run.shared ? <Button onClick={() => void actions.restore(run)}>Restore</Button> : null}
      </div>
    </div>
  );
}

function Table({ caption, rows, empty }: { caption: string; rows: Array<[string, string]>; empty?: string }) {
  return (
    <table className="w-full text-left">
      <caption className="pb-1 text-left font-semibold">{caption}</caption>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td className="text-slate-600">{empty ?? 'None'}</td>
          </tr>
        ) : (
          rows.map(([k, v]) => (
            <tr key={k} className="border-t border-slate-100 align-top">
              <th scope="row" className="w-36 py-1 pr-2 font-medium text-slate-700">{k}</th>
              <td className="break-words py-1 whitespace-pre-wrap">{v}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
