// One call of the sharing RPCs (links, people) over plain fetch with the user's access token, as the
// sync transport sends its calls (fetch-transport.ts): no call goes out without a token. Each answer is
// checked by the caller's parser and mapped to a ShareApiFailure.
import * as c from '../checks';
import { err, ok, type Result } from '../model';
import type { ShareApiFailure } from './share-api';

export interface FetchShareApiOptions {
  supabaseUrl: string;
  anonKey: string;
  /** The signed-in user's access token now, or null (then nothing is sent: 'signed_out'). */
  accessToken(): string | null | Promise<string | null>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type ShareRpc = <T>(fn: string, args: object, parse: (data: unknown) => T) => Promise<Result<T, ShareApiFailure>>;

const OFFLINE: ShareApiFailure = { reason: 'offline', message: 'The sync server could not be reached.' };

function failureOf(status: number, message: string): ShareApiFailure {
  if (status === 404 && message.startsWith('not_found')) return { reason: 'refused', message: message.replace(/^[a-z_]+: /, '') };
  if (status === 408 || status === 429 || status >= 500 || status === 404) return OFFLINE;
  if (status === 409 && message.startsWith('not_synced')) return { reason: 'not_synced', message: 'The run has not synced yet.' };
  if (status === 401) return { reason: 'signed_out', message: 'Sign in again to share.' };
  return { reason: 'refused', message: message.replace(/^[a-z_]+: /, '') || `The server refused it (HTTP ${status}).` };
}

export function createShareRpc(options: FetchShareApiOptions): ShareRpc {
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

  return call;
}
