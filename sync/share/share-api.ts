// The server side of share links as the device sees it (a port: src/lib/supabase/share-api.ts speaks it
// over supabase-js; tests use a fake). Expected failures are values with a literal reason.
import type { Result } from '../model';
import type { ShareMode } from './share-link';

export type ShareApiFailure = {
  /**
   * offline: no answer (network, timeout, 5xx), try later; signed_out: no session; not_synced: the run (or
   * the leaf of a snapshot) is not on the server yet; refused: the server will never take it (reason in words).
   */
  reason: 'offline' | 'signed_out' | 'not_synced' | 'refused';
  message: string;
};

export interface NewShareRequest {
  id: string;
  runId: string;
  tokenHash: string;
  mode: ShareMode;
  leafId: string | null;
  runName: string;
  promptName: string;
  modelName: string;
  hiddenVariables: string[];
  expiresAt: string | null;
}

/** A link as public.list_run_shares returns it (never its token, which the server does not have). */
export interface ServerShare {
  id: string;
  runId: string;
  mode: ShareMode;
  runName: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface ShareApi {
  create(request: NewShareRequest): Promise<Result<{ createdAt: string; revokedAt: string | null }, ShareApiFailure>>;
  list(): Promise<Result<ServerShare[], ShareApiFailure>>;
  /** `false`: the server has no such link of this user. */
  revoke(id: string): Promise<Result<boolean, ShareApiFailure>>;
}
