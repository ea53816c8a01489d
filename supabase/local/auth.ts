// The GoTrue email/password subset (SUPABASE-SUBSET.md §1–§8): signup (autoconfirm), password and
// refresh_token grants, GET user, logout. Errors use the 2024-01-01 shape {code, message} with the
// X-Supabase-Api-Version header, which is what supabase-js reads `error.code` from.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as store from './auth-store';
import type { SqlPool } from './database';
import { bearerToken, parseJson, readBody, sendEmpty, sendJson } from './http-util';
import { signAccessToken, verifyToken } from './jwt';
import type { RateLimiter } from './rate-limit';

export interface AuthConfig {
  db: SqlPool;
  jwtSecret: string;
  jwtExpiry: number;
  issuer: string;
  refreshTokenReuseInterval: number;
  /** GoTrue's limiters: `/signup` (sign_in_sign_ups) and `/token`, both grants (token_refresh). */
  limits: { signups: RateLimiter; token: RateLimiter };
  /** Hash that unknown addresses are checked against, so they fail as slowly as wrong passwords. */
  dummyHash: string;
}

const API_VERSION = { 'X-Supabase-Api-Version': '2024-01-01' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// checkmail's format rule, which GoTrue applies (github.com/badoux/checkmail). Every repetition is bounded
// or anchored on a separator, so it runs in linear time; the length limit is checked first anyway.
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const MAX_EMAIL_LENGTH = 255;
/** bcrypt reads 72 bytes; GoTrue refuses longer passwords rather than cut them. */
const MAX_PASSWORD_LENGTH = 72;

function fail(res: ServerResponse, status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
  sendJson(res, status, { code, message, ...extra }, { ...API_VERSION, 'x-sb-error-code': code, ...headers });
}

async function userJson(cfg: AuthConfig, user: store.UserRow): Promise<Record<string, unknown>> {
  return {
    id: user.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: user.email,
    email_confirmed_at: user.email_confirmed_at,
    phone: '',
    confirmed_at: user.email_confirmed_at,
    last_sign_in_at: user.last_sign_in_at,
    app_metadata: user.raw_app_meta_data,
    user_metadata: user.raw_user_meta_data,
    identities: await store.identitiesOf(cfg.db, user.id),
    created_at: user.created_at,
    updated_at: user.updated_at,
    is_anonymous: false,
  };
}

async function sessionBody(cfg: AuthConfig, user: store.UserRow, sessionId: string, refreshToken: string): Promise<Record<string, unknown>> {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + cfg.jwtExpiry;
  const access = await signAccessToken(cfg.jwtSecret, {
    iss: cfg.issuer, sub: user.id, aud: 'authenticated', exp, iat, email: user.email, phone: '',
    app_metadata: user.raw_app_meta_data, user_metadata: user.raw_user_meta_data, role: 'authenticated',
    aal: 'aal1', amr: [{ method: 'password', timestamp: iat }], session_id: sessionId, is_anonymous: false,
  });
  return {
    access_token: access, token_type: 'bearer', expires_in: cfg.jwtExpiry, expires_at: exp,
    refresh_token: refreshToken, user: await userJson(cfg, user),
  };
}

async function readObject(req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | null> {
  const parsed = parseJson(await readBody(req));
  if (!parsed.ok) {
    // Go's decoder words a nesting limit as a syntax error at the bracket that crossed it.
    const detail = parsed.reason === 'too_deep' ? `invalid character '${parsed.char}' exceeded max depth` : 'invalid JSON';
    fail(res, 400, 'bad_json', `Could not parse request body as JSON: ${detail}`);
    return null;
  }
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    fail(res, 400, 'bad_json', 'Could not parse request body as JSON: the body is not a JSON object');
    return null;
  }
  return parsed.value as Record<string, unknown>;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** GoTrue's validateEmail: required, at most 255 characters, checkmail's format; lower-cased. */
function validateEmail(res: ServerResponse, raw: string): string | null {
  if (!raw) return fail(res, 400, 'validation_failed', 'An email address is required'), null;
  if (raw.length > MAX_EMAIL_LENGTH) return fail(res, 400, 'validation_failed', 'An email address is too long'), null;
  if (!EMAIL.test(raw)) return fail(res, 400, 'validation_failed', 'Unable to validate email address: invalid format'), null;
  return raw.toLowerCase();
}

/** GoTrue's limiters answer before the handler runs; Retry-After is the stand-in's addition. */
function limited(res: ServerResponse, limiter: RateLimiter, req: IncomingMessage): boolean {
  const wait = limiter.take(req.socket.remoteAddress ?? '');
  if (wait === null) return false;
  fail(res, 429, 'over_request_rate_limit', 'Request rate limit reached', {}, { 'Retry-After': String(wait) });
  return true;
}

async function signup(cfg: AuthConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (limited(res, cfg.limits.signups, req)) return;
  const body = await readObject(req, res);
  if (!body) return;
  const email = validateEmail(res, text(body['email']));
  if (email === null) return;
  const password = text(body['password']);
  if (!password) return fail(res, 400, 'validation_failed', 'Signup requires a valid password');
  if (password.length > MAX_PASSWORD_LENGTH) {
    return fail(res, 400, 'validation_failed', `Password cannot be longer than ${MAX_PASSWORD_LENGTH} characters`);
  }
  // GoTrue hashes in Go and would take it; PostgreSQL text (and so pgcrypto) cannot hold a NUL.
  if (password.includes('\0')) return fail(res, 400, 'validation_failed', 'Password cannot contain NUL characters');
  if (password.length < 6) {
    return fail(res, 422, 'weak_password', 'Password should be at least 6 characters.', { weak_password: { reasons: ['length'] } });
  }
  const data = typeof body['data'] === 'object' && body['data'] !== null && !Array.isArray(body['data']) ? (body['data'] as Record<string, unknown>) : {};
  const user = await store.createUser(cfg.db, email, password, data);
  if (!user) return fail(res, 422, 'user_already_exists', 'User already registered');
  const { sessionId, refreshToken } = await store.createSession(cfg.db, user.id);
  sendJson(res, 200, await sessionBody(cfg, user, sessionId, refreshToken));
}

async function token(cfg: AuthConfig, req: IncomingMessage, res: ServerResponse, grant: string | null): Promise<void> {
  if (grant !== 'password' && grant !== 'refresh_token') return fail(res, 400, 'invalid_credentials', 'unsupported_grant_type');
  if (limited(res, cfg.limits.token, req)) return;
  const body = await readObject(req, res);
  if (!body) return;
  if (grant === 'password') {
    // No format check here (GoTrue has none): an address no account can have simply does not match.
    const email = text(body['email']).toLowerCase();
    if (!email) return fail(res, 400, 'validation_failed', 'missing email or phone');
    const user = await store.checkPassword(cfg.db, email, text(body['password']), cfg.dummyHash);
    if (!user) return fail(res, 400, 'invalid_credentials', 'Invalid login credentials');
    const { sessionId, refreshToken } = await store.createSession(cfg.db, user.id);
    return sendJson(res, 200, await sessionBody(cfg, user, sessionId, refreshToken));
  }
  const presented = text(body['refresh_token']);
  if (!presented) {
    return sendJson(res, 400, { error: 'invalid_request', error_description: 'refresh_token required' }, API_VERSION);
  }
  // Our tokens are [a-z0-9] only; anything else (a NUL included) cannot be one.
  if (presented.length < 12 || !/^[a-z0-9]+$/.test(presented)) return fail(res, 400, 'validation_failed', 'Refresh token is not valid');
  const outcome = await store.rotateRefreshToken(cfg.db, presented, cfg.refreshTokenReuseInterval);
  if (!outcome.ok) {
    const message = outcome.code === 'refresh_token_not_found'
      ? 'Invalid Refresh Token: Refresh Token Not Found'
      : 'Invalid Refresh Token: Already Used';
    return fail(res, 400, outcome.code, message);
  }
  const user = await store.findUserById(cfg.db, outcome.userId);
  if (!user) return fail(res, 400, 'session_not_found', 'Invalid Refresh Token: No Valid Session Found');
  return sendJson(res, 200, await sessionBody(cfg, user, outcome.sessionId, outcome.refreshToken));
}

/** requireAuthentication of GoTrue: the bearer's user and, when the token names one, its session. */
async function authenticate(cfg: AuthConfig, req: IncomingMessage, res: ServerResponse): Promise<{ user: store.UserRow; sessionId: string | null } | null> {
  const bearer = bearerToken(req);
  if (!bearer) {
    fail(res, 401, 'no_authorization', 'This endpoint requires a valid Bearer token');
    return null;
  }
  const verified = await verifyToken(cfg.jwtSecret, bearer, 0);
  if (!verified.ok) {
    const detail = verified.reason === 'expired' ? 'token has invalid claims: token is expired' : verified.message;
    fail(res, 403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${detail}`);
    return null;
  }
  const sub = verified.payload.sub;
  if (!sub) {
    fail(res, 403, 'bad_jwt', 'invalid claim: missing sub claim');
    return null;
  }
  if (!UUID.test(sub)) {
    fail(res, 400, 'bad_jwt', 'invalid claim: sub claim must be a UUID');
    return null;
  }
  const user = await store.findUserById(cfg.db, sub);
  if (!user) {
    fail(res, 403, 'user_not_found', 'User from sub claim in JWT does not exist');
    return null;
  }
  const sessionId = typeof verified.payload['session_id'] === 'string' ? verified.payload['session_id'] : null;
  if (sessionId && !(await store.sessionExists(cfg.db, sessionId))) {
    fail(res, 403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
    return null;
  }
  return { user, sessionId };
}

export async function handleAuth(cfg: AuthConfig, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname.replace(/^\/auth\/v1/, '').replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  if (path === '/signup' && method === 'POST') return signup(cfg, req, res);
  if (path === '/token' && method === 'POST') return token(cfg, req, res, url.searchParams.get('grant_type'));
  if (path === '/user' && method === 'GET') {
    const who = await authenticate(cfg, req, res);
    if (who) sendJson(res, 200, await userJson(cfg, who.user));
    return;
  }
  if (path === '/logout' && method === 'POST') {
    const scope = url.searchParams.get('scope') ?? 'global';
    if (scope !== 'global' && scope !== 'local' && scope !== 'others') {
      return fail(res, 400, 'validation_failed', `Unsupported logout scope "${scope}"`);
    }
    const who = await authenticate(cfg, req, res);
    if (!who) return;
    await store.endSessions(cfg.db, who.user.id, who.sessionId, scope);
    return sendEmpty(res, 204);
  }
  if (path === '/health' || path === '/settings') {
    return sendJson(res, 200, path === '/health'
      ? { version: 'local-stand-in', name: 'GoTrue', description: 'prompt-runs local stand-in' }
      : { external: { email: true }, disable_signup: false, mailer_autoconfirm: true });
  }
  fail(res, 404, 'not_found', `The local stand-in does not serve ${method} /auth/v1${path}`);
}
