// One input, several models: a run per model, each a normal run (saved, synced, resumable alone) holding
// the same first messages, grouped by a comparison id kept in its settings snapshot (set once when the run
// is made and never edited, so it syncs with `settings`). The replies stream in the compare view.
import { newId, nowIso } from '@sync/clock';
import type { PromptRunsDB } from '@sync/db';
import { err, ok, type Message, type Prompt, type Result } from '@sync/model';
import { generateRunName } from '@sync/naming';
import { createRun } from '@sync/store/runs';
import { renderTemplate } from '@sync/template';
import { fromModelValue } from '@/lib/llm/model-value';
import { listProviders } from '@/lib/llm/providers-store';
import { ECHO_PROVIDER_ID, type ProviderConfig } from '@/lib/llm/types';
import { modelDisplayName } from '@/lib/usage/model-name';
import { composeFirstMessage } from './chat-history';
import { settingsSnapshot } from './run-settings';

/** A comparison's runs side by side: no more than the compare view shows. */
export const MAX_MODELS = 4;

/** Providers that answer with no internet: the built-in Echo, and servers on this device or its network. */
export function answersOffline(provider: Pick<ProviderConfig, 'id' | 'baseUrl'> | null): boolean {
  if (!provider) return false;
  if (provider.id === ECHO_PROVIDER_ID) return true;
  let host: string;
  try {
    host = new URL(provider.baseUrl ?? '').hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return (
    host === 'localhost' || host.endsWith('.local') || host === '::1' || /^127\./.test(host) || /^10\./.test(host) ||
    /^192\.168\./.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host)
  );
}

/** The models that can take part now (at most MAX_MODELS), and why the others cannot, in words. */
export function partitionModels(models: readonly string[], providers: readonly ProviderConfig[], online: boolean) {
  const available: string[] = [];
  const skipped: string[] = [];
  for (const value of [...new Set(models)].slice(0, MAX_MODELS)) {
    const ref = fromModelValue(value);
    const provider = providers.find((p) => p.id === ref.provider) ?? null;
    const name = modelDisplayName(provider, ref.model_id);
    if (!provider) skipped.push(`${name} did not take part: its provider is not set up on this device.`);
    else if (!online && !answersOffline(provider)) skipped.push(`${name} did not take part: it needs the network, and this device is offline.`);
    else available.push(value);
  }
  return { available, skipped };
}

export interface ComparisonInput {
  prompt: Prompt;
  variableValues: Record<string, string>;
  typed: string;
  /** 'provider:model' values that take part (see partitionModels). */
  models: string[];
  providers: readonly ProviderConfig[];
}

export interface Comparison {
  runIds: string[];
  /** Models that did not take part, and why, in words. */
  skipped: string[];
}

export async function startComparison(db: PromptRunsDB, input: ComparisonInput): Promise<Result<Comparison>> {
  const { prompt, variableValues } = input;
  const first = composeFirstMessage(prompt.user_template, variableValues, input.typed);
  if (!first.text.trim()) return ok({ runIds: [], skipped: [] });
  const systemText = renderTemplate(prompt.system_message, variableValues).text;
  const comparisonId = newId();
  const skipped: string[] = [];
  const runIds: string[] = [];
  for (const value of input.models) {
    const ref = fromModelValue(value);
    const name = modelDisplayName(input.providers.find((p) => p.id === ref.provider) ?? null, ref.model_id);
    // Each run has its own copies of the first messages (ids are per run; messages belong to one run).
    const at = nowIso();
    const system: Message | null = systemText.trim()
      ? { id: newId(), runId: '', parentId: null, role: 'system', content: systemText, status: 'done', createdAt: at }
      : null;
    const user: Message = { id: newId(), runId: '', parentId: system?.id ?? null, role: 'user', content: first.text, status: 'done', createdAt: at };
    const created = await createRun(db, prompt.id, {
      variable_values: { ...variableValues },
      // The snapshot keeps the model's name (model_label) so other devices can show it.
      settings: { ...settingsSnapshot(prompt.settings, value, name), comparison_id: comparisonId },
      name: `${generateRunName(first.text)} · ${name}`,
      messages: system ? [system, user] : [user],
    });
    if (created.ok) runIds.push(created.value.id);
    else if (runIds.length === 0) return err(created.error);
    else skipped.push(`${name} did not take part: ${created.error.message}`);
  }
  return ok({ runIds, skipped });
}

interface StarterDeps {
  db: PromptRunsDB;
  prompt: Prompt;
  /** The session's store, to fall back to a single run or say why nothing was sent. */
  session: () => { setState(patch: { notice?: string | null; model?: string; extraModels?: string[] }): void; send(typed: string): Promise<boolean> } | null;
  /** Opens the compare view on the new runs (their replies still to stream). */
  openComparison: (runIds: string[], skipped: string[]) => void;
}

/** The runner's first send with several models: a comparison, a single run when only one model can answer, or why none can. */
export function comparisonStarter({ db, prompt, session, openComparison }: StarterDeps) {
  return async (request: { typed: string; variableValues: Record<string, string>; models: string[] }): Promise<boolean> => {
    const providers = await listProviders(db);
    const online = typeof navigator === 'undefined' || navigator.onLine;
    const { available, skipped } = partitionModels(request.models, providers, online);
    const current = session();
    if (available.length === 0) {
      current?.setState({ notice: `Not sent: ${skipped.join(' ')}` });
      return false;
    }
    if (available.length === 1) {
      current?.setState({ model: available[0]!, extraModels: [], notice: skipped.join(' ') || null });
      return current ? current.send(request.typed) : false;
    }
    const started = await startComparison(db, { prompt, variableValues: request.variableValues, typed: request.typed, models: available, providers });
    if (!started.ok) {
      current?.setState({ notice: `Not sent: ${started.error.message}` });
      return false;
    }
    if (started.value.runIds.length === 0) return false;
    openComparison(started.value.runIds, [...skipped, ...started.value.skipped]);
    return true;
  };
}
