// Words of the shared-runs pages.
import type { MemberRole } from '@sync/share/members-api';
import type { ShareApiFailure } from '@sync/share/share-api';

export const ROLE_LABEL: Record<MemberRole | 'owner', string> = { viewer: 'viewer', editor: 'editor', owner: 'owner' };

/** What a member may do, as a list says it. */
export const ACCESS_LABEL: Record<MemberRole, string> = { viewer: 'Can view', editor: 'Can edit' };

export function failureWords(failure: ShareApiFailure): string {
  switch (failure.reason) {
    case 'offline':
      return 'The sync server cannot be reached. Runs shared with you are read from it: try again when online.';
    case 'signed_out':
      return 'Sign in again to see runs shared with you.';
    default:
      return /no such run/.test(failure.message)
        ? 'This run is not shared with you (any more): its owner may have removed you, or deleted it.'
        : failure.message;
  }
}
