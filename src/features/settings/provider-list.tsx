// The configured providers. Keys are never shown, only whether one is saved; Echo is built in and has
// no Delete button. Deleting asks first.
import { useState } from 'react';
import { Pencil, Trash2 } from 'lucide-react';
import { useDb } from '@/lib/data/db-context';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { deleteProvider } from '@/lib/llm/providers-store';
import { ECHO_PROVIDER_ID, type ProviderConfig } from '@/lib/llm/types';

const KIND_LABEL: Record<ProviderConfig['kind'], string> = {
  echo: 'Built in, works offline, no key needed',
  'openai-compatible': 'OpenAI-compatible',
  anthropic: 'Anthropic',
};

interface ProviderListProps {
  providers: ProviderConfig[];
  onEdit: (provider: ProviderConfig) => void;
  onMessage: (text: string) => void;
}

export function ProviderList({ providers, onEdit, onMessage }: ProviderListProps) {
  const db = useDb();
  const [pending, setPending] = useState<ProviderConfig | null>(null);

  async function confirmDelete() {
    if (!pending) return;
    const result = await deleteProvider(db, pending.id);
    onMessage(result.ok ? `Deleted ${pending.name}.` : result.error.message);
    setPending(null);
  }

  return (
    <>
      <ul aria-label="Providers" className="flex flex-col divide-y divide-slate-200 rounded-md border border-slate-200">
        {providers.map((p) => (
          <li key={p.id} className="flex items-start gap-3 p-3">
            <div className="min-w-0 flex-1">
              <p className="font-medium text-slate-900">{p.name}</p>
              <p className="text-sm text-slate-600">{KIND_LABEL[p.kind]}</p>
              {p.baseUrl ? <p className="truncate text-sm text-slate-600">{p.baseUrl}</p> : null}
              <p className="text-sm text-slate-600">Models: {p.models.join(', ')}</p>
              {p.id !== ECHO_PROVIDER_ID ? <p className="text-sm text-slate-600">{p.apiKey ? 'API key saved on this device' : 'No API key'}</p> : null}
            </div>
            {p.id !== ECHO_PROVIDER_ID ? (
              <div className="flex gap-1">
                <Button variant="ghost" aria-label={`Edit ${p.name}`} onClick={() => onEdit(p)}>
                  <Pencil aria-hidden className="size-4" />
                </Button>
                <Button variant="ghost" aria-label={`Delete ${p.name}`} onClick={() => setPending(p)}>
                  <Trash2 aria-hidden className="size-4" />
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={pending !== null}
        onOpenChange={(open) => !open && setPending(null)}
        title={`Delete ${pending?.name ?? 'provider'}?`}
        description="Its API key is removed from this device. Prompts and runs that use it keep their settings; pick another model to continue them."
        confirmLabel="Delete"
        onConfirm={() => void confirmDelete()}
      />
    </>
  );
}
