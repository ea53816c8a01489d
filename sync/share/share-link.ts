// A share link as the device keeps it: the owner's list of links, and the queue of links made offline
// (state 'pending' until the server has them). Kept apart from the sync outbox: a link is not a row of
// the user's data, it needs the run on the server first, and it never merges.
import * as c from '../checks';
import { AppError, err, ok, type Result } from '../model';

export type ShareMode = 'snapshot' | 'live';

export interface ShareLink {
  id: string;
  runId: string;
  /** The link's secret: only on the device that made the link (the server keeps its hash). */
  token: string | null;
  mode: ShareMode;
  /** The leaf shown when the link was made (a snapshot shows the path to it). */
  leafId: string | null;
  runName: string;
  promptName: string;
  modelName: string;
  /** Variables hidden through this link, besides those the prompt marks private. */
  hiddenVariables: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /**
   * 'pending': made on this device, not on the server yet; 'synced': the server has it (revoked or not);
   * 'revoking': revoked on this device, the server not told yet (it may never have had the link).
   */
  state: 'pending' | 'synced' | 'revoking';
  /** Why the server refused the link for good, in words (the link then stays pending no more). */
  failure?: string;
}

const linkSchema = c.object({
  id: c.string(1),
  runId: c.string(1),
  token: c.withDefault(c.nullable(c.string()), () => null),
  mode: c.oneOf(['snapshot', 'live']),
  leafId: c.withDefault(c.nullable(c.string()), () => null),
  runName: c.withDefault(c.string(), () => ''),
  promptName: c.withDefault(c.string(), () => ''),
  modelName: c.withDefault(c.string(), () => ''),
  hiddenVariables: c.withDefault(c.array(c.string()), () => []),
  createdAt: c.isoDate,
  expiresAt: c.withDefault(c.nullable(c.isoDate), () => null),
  revokedAt: c.withDefault(c.nullable(c.isoDate), () => null),
  state: c.oneOf(['pending', 'synced', 'revoking']),
  failure: c.optional(c.string()),
});

export function parseShareLink(raw: unknown): Result<ShareLink> {
  try {
    return ok(linkSchema(raw, '') as ShareLink);
  } catch (error) {
    if (!(error instanceof c.CheckIssue)) throw error;
    return err(new AppError('corrupt_record', `Corrupt share link (${error.message})`, error));
  }
}

/** Whether people can open the link now (as far as this device knows). */
export function isLinkOpen(link: ShareLink, now: number): boolean {
  return link.revokedAt === null && link.failure === undefined && (link.expiresAt === null || Date.parse(link.expiresAt) > now);
}
