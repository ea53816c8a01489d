// The owner's share-link calls (public.create_run_share, list_run_shares, revoke_run_share) through the
// sharing RPC caller (share-rpc.ts). Every answer is checked and mapped to a ShareApi result.
import * as c from '../checks';
import type { ServerShare, ShareApi } from './share-api';
import { createShareRpc, type FetchShareApiOptions } from './share-rpc';

export type { FetchShareApiOptions } from './share-rpc';

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

export function createFetchShareApi(options: FetchShareApiOptions): ShareApi {
  const call = createShareRpc(options);
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
