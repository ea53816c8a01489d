// "History" of a prompt: its saved versions (template text, variables, model settings) with a diff and
// "Restore this version".
import { useState } from 'react';
import { History } from 'lucide-react';
import type { Prompt } from '@sync/model';
import type { PromptSnapshot } from '@sync/organize-model';
import { updatePrompt } from '@sync/store/prompts';
import { useDb } from '@/lib/data/db-context';
import { usePromptVersions } from '@/lib/data/use-organize';
import { useProviders } from '@/lib/data/use-providers';
import { modelLabel } from '@/lib/llm/model-label';
import type { ProviderConfig } from '@/lib/llm/types';
import { Button } from '@/components/ui/button';
import { VersionHistoryDialog } from './version-history';

/** A prompt's snapshot as text people read, field by field (the diff compares these). */
export function promptFields(p: PromptSnapshot, providers?: readonly ProviderConfig[] | null): Record<string, string> {
  const s = p.settings;
  return {
    Name: p.name,
    Description: p.description,
    'System message': p.system_message,
    'User template': p.user_template,
    Variables: p.variables.map((v) => `${v.name} = ${v.default_value}${v.private ? ' (private)' : ''}`).join('\n'),
    Model: [
      modelLabel(s, providers),
      s.temperature !== undefined ? `temperature ${s.temperature}` : '',
      s.max_tokens !== undefined ? `max tokens ${s.max_tokens}` : '',
    ].filter(Boolean).join(', '),
  };
}

export function PromptHistoryButton({ prompt, onRestored }: { prompt: Prompt; onRestored?: (prompt: Prompt) => void }) {
  const db = useDb();
  const [open, setOpen] = useState(false);
  const versions = usePromptVersions(open ? prompt.id : null);
  const providers = useProviders();
  const restore = async (id: string) => {
    const version = versions?.find((v) => v.id === id);
    if (!version) return 'That version is not on this device.';
    const { name, description, system_message, user_template, variables, settings } = version.snapshot;
    const result = await updatePrompt(db, prompt.id, { name, description, system_message, user_template, variables, settings });
    if (!result.ok) return result.error.message;
    onRestored?.(result.value);
    return null;
  };
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)}>
        <History className="size-4" aria-hidden="true" /> History
      </Button>
      <VersionHistoryDialog
        title={`History of “${prompt.name}”`}
        open={open}
        onOpenChange={setOpen}
        versions={versions?.map((v) => ({ id: v.id, created_at: v.created_at, device_name: v.device_name, fields: promptFields(v.snapshot, providers) }))}
        current={promptFields(prompt, providers)}
        onRestore={restore}
      />
    </>
  );
}
