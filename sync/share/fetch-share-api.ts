// The owner's share-link calls (public.create_run_share, list_run_shares, revoke_run_share) over plain
// fetch with the user's access token, as the sync transport sends its calls (fetch-transport.ts): no call
// goes out without a token. Every answer is checked and mapped to a ShareApi result.
import * as c from '../checks';
import { err, ok, type Result } from '../model';
import type { ServerShare, ShareApi, ShareApiFailure } from './share-api';

export interface FetchShareApiOptions {
  supabaseUrl: string;
  anonKey: string;
  /** The signed-in user's access token now, or null (then nothing is sent: 'signed_out'). */
  accessToken(): string | null | Promise<string | null>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const shareRow = c.object({
  id: c.string(1),
  run_id: c.string(1),
  mode: c.oneOf(['snapshot', 'live']),
  run_name: c.withDefault(c.string(), () => ''),
  created_at: c.isoDate,
  expires_at: c.withDefault(c.nullable(c.isoDate), () => null),
  revoked_at: c.withDefault(c.nullable(c.isoDate), () => null),
});
const createdRow = c.object({ created_at: c.isoDate, revoked_at: c.withDefault(c.nullable(c.isoDate), () => null) });

const OFFLINE: ShareApiFailure = { reason: 'offline', message: 'The sync server could not be reached.' };

function failureOf(status: number, message: string): ShareApiFailure {
  if (status === 408 || status === 429 || status >= 500 || status === 404) return OFFLINE;
  if (status === 409 && message.startsWith('not_synced')) return { reason: 'not_synced', message: 'The run has not synced yet.' };
  if (status === 401) return { reason: 'signed_out', message: 'Sign in again to share.' };
  return { reason: 'refused', message: message.replace(/^[a-z_]+: /, '') || `The server refused the link (HTTP ${status}).` };
}

export function createFetchShareApi(options: FetchShareApiOptions): ShareApi {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const base = options.supabaseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 20_000;

  async function call<T>(fn: string, args: object, parse: (data: unknown) => T): Promise<Result<T, ShareApiFailure>> {
    let token: string | null;
    try {
      token = await options.accessToken();
    } catch {
      token = null;
    }
    if (!token) return err({ reason: 'signed_out', message: 'Not signed in (or the session could not be renewed yet).' });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await doFetch(`${base}/rest/v1/rpc/${fn}`, {
        method: 'POST',
        headers: { apikey: options.anonKey, authorization: `Bearer ${token}`, 'content-profile': 'public', 'content-type': 'application/json' },
        body: JSON.stringify(args),
        signal: controller.signal,
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (!response.ok) {
        const message = typeof (body as { message?: unknown } | undefined)?.message === 'string' ? (body as { message: string }).message : '';
        return err(failureOf(response.status, message));
      }
      try {
        return ok(parse(body));
      } catch (problem) {
        if (!(problem instanceof c.CheckIssue)) throw problem;
        return err({ reason: 'offline', message: `The server sent an answer this app does not understand (${problem.message}).` });
      }
    } catch {
      return err(OFFLINE);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    create: (r) =>
      call('create_run_share', {
        share_id: r.id, run_id: r.runId, token_hash: r.tokenHash, mode: r.mode, leaf_id: r.leafId, run_name: r.runName,
        prompt_name: r.promptName, model_name: r.modelName, hidden_variables: r.hiddenVariables, expires_at: r.expiresAt,
      }, (data) => {
        const row = createdRow(data, 'share');
        return { createdAt: row.created_at, revokedAt: row.revoked_at };
      }),
    list: () =>
      call('list_run_shares', {}, (data): ServerShare[] =>
        c.array(shareRow)(data, 'shares').map((s) => ({
          id: s.id, runId: s.run_id, mode: s.mode, runName: s.run_name, createdAt: s.created_at, expiresAt: s.expires_at, revokedAt: s.revoked_at,
        })),
      ),
    revoke: (id) => call('revoke_run_share', { share_id: id }, (data) => data === true),
  };
}
