// GoTrue's data for the stand-in, kept in the cluster's auth schema with Supabase's table names:
// users (bcrypt via pgcrypto, as GoTrue stores them), identities, sessions and rotating refresh tokens.
import { randomBytes, randomUUID } from 'node:crypto';
import type { SqlPool } from './database';

export interface UserRow {
  id: string;
  email: string;
  email_confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  banned_until: Date | null;
}

/** bcrypt cost of stored passwords (GoTrue uses 10; lower keeps test suites that sign up many accounts fast). */
const BCRYPT_COST = 8;

const USER_COLUMNS =
  'id, email, email_confirmed_at, last_sign_in_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at, banned_until';

/** An opaque refresh token: 32 characters of [a-z0-9], like GoTrue's legacy ones but longer. */
export function newRefreshToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (b) => alphabet[b % alphabet.length]).join('');
}

export async function findUserById(db: SqlPool, id: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from auth.users where id = $1`, [id]);
  return rows[0] ?? null;
}

/** Creates a confirmed user (autoconfirm) with its email identity; null if the email is taken. */
export async function createUser(db: SqlPool, email: string, password: string, data: Record<string, unknown>): Promise<UserRow | null> {
  const id = randomUUID();
  const client = await db.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<UserRow>(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
         raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_anonymous)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
         crypt($3, gen_salt('bf', ${BCRYPT_COST})), now(), '{"provider":"email","providers":["email"]}', $4, now(), now(), false)
       on conflict (email) do nothing
       returning ${USER_COLUMNS}`,
      [id, email, password, JSON.stringify({ ...data, email_verified: true })],
    );
    const user = rows[0];
    if (!user) {
      await client.query('rollback');
      return null;
    }
    await client.query(
      `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
       values ($1::text, $1::uuid, $2, 'email', now(), now(), now())`,
      [id, JSON.stringify({ sub: id, email, email_verified: false, phone_verified: false })],
    );
    await client.query('commit');
    return user;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The user whose password this is, or null. An unknown address is checked against a stand-in hash of
 * the same cost, so both failures take as long (no probing which addresses have accounts); an address
 * or password PostgreSQL cannot hold (NUL) is checked the same way and always fails.
 */
export async function checkPassword(db: SqlPool, email: string, password: string, dummyHash: string): Promise<UserRow | null> {
  const storable = !email.includes('\0') && !password.includes('\0');
  const { rows } = await db.query<UserRow & { ok: boolean }>(
    `with u as (select ${USER_COLUMNS}, encrypted_password from auth.users where email = $1),
          h as (select coalesce((select encrypted_password from u), $3) as hash)
     select u.*, (crypt($2, h.hash) = h.hash and $4 and exists (select 1 from u)) as ok from h left join u on true`,
    storable ? [email, password, dummyHash, true] : ['', 'x', dummyHash, false],
  );
  const found = rows[0];
  if (!found?.ok) return null;
  const updated = await db.query<UserRow>(
    `update auth.users set last_sign_in_at = now() where id = $1 returning ${USER_COLUMNS}`,
    [found.id],
  );
  return updated.rows[0] ?? null;
}

/** A bcrypt hash of the cost users' passwords get, for checking unknown addresses in equal time. */
export async function makeDummyHash(db: SqlPool): Promise<string> {
  const { rows } = await db.query<{ hash: string }>(`select crypt(gen_random_uuid()::text, gen_salt('bf', ${BCRYPT_COST})) as hash`);
  return rows[0]!.hash;
}

export async function identitiesOf(db: SqlPool, userId: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query<Record<string, unknown>>(
    `select id as identity_id, provider_id as id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
       from auth.identities where user_id = $1`,
    [userId],
  );
  return rows;
}

export async function createSession(db: SqlPool, userId: string): Promise<{ sessionId: string; refreshToken: string }> {
  const sessionId = randomUUID();
  const refreshToken = newRefreshToken();
  await db.query(
    `with s as (insert into auth.sessions (id, user_id, created_at, updated_at) values ($1, $2, now(), now()))
     insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, session_id)
     values ($3, $2, false, now(), now(), $1)`,
    [sessionId, userId, refreshToken],
  );
  return { sessionId, refreshToken };
}

export type RefreshOutcome =
  | { ok: true; userId: string; sessionId: string; refreshToken: string }
  | { ok: false; code: 'refresh_token_not_found' | 'refresh_token_already_used' };

/**
 * Rotates a refresh token, as GoTrue does with rotation on:
 * - the session's active token is exchanged for a new one;
 * - the parent of the active token gets the active token back, at any time (a client that refreshed but
 *   could not store the answer: a tab closed mid-request, two tabs at once);
 * - an older rotated token gets the active token back within `reuseIntervalSeconds` of its rotation
 *   (concurrent refreshes), and after that ends the whole session: every refresh token of it stops
 *   working and its access tokens fail `/user`, with `refresh_token_already_used`.
 */
export async function rotateRefreshToken(db: SqlPool, token: string, reuseIntervalSeconds: number): Promise<RefreshOutcome> {
  const client = await db.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ user_id: string; session_id: string; revoked: boolean; reusable: boolean }>(
      `select user_id, session_id, revoked, updated_at + make_interval(secs => $2) >= now() as reusable
         from auth.refresh_tokens where token = $1 for update`,
      [token, reuseIntervalSeconds],
    );
    const row = rows[0];
    if (!row) {
      await client.query('rollback');
      return { ok: false, code: 'refresh_token_not_found' };
    }
    if (row.revoked) {
      const active = await client.query<{ token: string; parent: string | null }>(
        'select token, parent from auth.refresh_tokens where session_id = $1 and revoked = false order by id desc limit 1',
        [row.session_id],
      );
      const current = active.rows[0];
      if (current && (current.parent === token || row.reusable)) {
        await client.query('commit');
        return { ok: true, userId: row.user_id, sessionId: row.session_id, refreshToken: current.token };
      }
      await client.query('delete from auth.sessions where id = $1', [row.session_id]);
      await client.query('commit');
      return { ok: false, code: 'refresh_token_already_used' };
    }
    const next = newRefreshToken();
    await client.query('update auth.refresh_tokens set revoked = true, updated_at = now() where token = $1', [token]);
    await client.query(
      `insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, parent, session_id)
       values ($1, $2, false, now(), now(), $3, $4)`,
      [next, row.user_id, token, row.session_id],
    );
    await client.query('update auth.sessions set updated_at = now() where id = $1', [row.session_id]);
    await client.query('commit');
    return { ok: true, userId: row.user_id, sessionId: row.session_id, refreshToken: next };
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

export async function sessionExists(db: SqlPool, sessionId: string): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from auth.sessions where id = $1', [sessionId]);
  return (rowCount ?? 0) > 0;
}

/** Ends sessions: 'global' all of the user's, 'local' this one, 'others' all but this one. */
export async function endSessions(db: SqlPool, userId: string, sessionId: string | null, scope: 'global' | 'local' | 'others'): Promise<void> {
  if (scope === 'global') await db.query('delete from auth.sessions where user_id = $1', [userId]);
  else if (scope === 'local') await db.query('delete from auth.sessions where id = $1', [sessionId]);
  else await db.query('delete from auth.sessions where user_id = $1 and id is distinct from $2', [userId, sessionId]);
}
