// What public.get_shared_run answers, checked before anything is shown (the answer comes from a server
// the reader does not control, and the device cache keeps it). Version 1 of the view.
import * as c from '../checks';
import { AppError, err, ok, type Result } from '../model';

export interface SharedMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  status: 'done' | 'error' | 'interrupted';
  created_at: string;
  /** The model that wrote a reply, as people name it. */
  model_name?: string;
}

export interface SharedRunView {
  version: 1;
  mode: 'snapshot' | 'live';
  run_name: string;
  prompt_name: string;
  model_name: string;
  model_id: string;
  run_created_at: string;
  shared_at: string;
  expires_at: string | null;
  variables: Array<{ name: string; value: string }>;
  /** How many variable values the owner keeps private (hidden from the view and from the messages). */
  private_variables: number;
  messages: SharedMessage[];
  /** Earlier messages of a very long run left out of the view. */
  omitted: number;
}

export type SharedRunAnswer = { status: 'ok'; view: SharedRunView } | { status: 'unavailable' };

const viewSchema = c.object({
  version: ((v: unknown, path: string) => {
    if (v !== 1) throw new c.CheckIssue(path, `Unsupported view version: ${String(v)}`);
    return 1 as const;
  }) satisfies c.Check<1>,
  mode: c.oneOf(['snapshot', 'live']),
  run_name: c.string(),
  prompt_name: c.string(),
  model_name: c.string(),
  model_id: c.withDefault(c.string(), () => ''),
  run_created_at: c.isoDate,
  shared_at: c.isoDate,
  expires_at: c.withDefault(c.nullable(c.isoDate), () => null),
  variables: c.array(c.object({ name: c.string(), value: c.string() })),
  private_variables: c.withDefault(c.int(0), () => 0),
  messages: c.array(
    c.object({
      role: c.oneOf(['system', 'user', 'assistant']),
      content: c.string(),
      status: c.withDefault(c.oneOf(['done', 'error', 'interrupted']), () => 'done' as const),
      created_at: c.isoDate,
      model_name: c.optional(c.string()),
    }),
  ),
  omitted: c.withDefault(c.int(0), () => 0),
});

/** The server's (or the cache's) answer, or why it cannot be shown. */
export function parseSharedRunAnswer(raw: unknown): Result<SharedRunAnswer> {
  const body = raw as { status?: unknown; view?: unknown } | null;
  if (body && typeof body === 'object' && body.status === 'unavailable') return ok({ status: 'unavailable' });
  if (!body || typeof body !== 'object' || body.status !== 'ok') {
    return err(new AppError('corrupt_record', 'The server sent an answer this version of the app does not understand.'));
  }
  try {
    return ok({ status: 'ok', view: viewSchema(body.view, 'view') as SharedRunView });
  } catch (error) {
    if (!(error instanceof c.CheckIssue)) throw error;
    return err(new AppError('corrupt_record', `The shared run could not be read (${error.message}).`, error));
  }
}
