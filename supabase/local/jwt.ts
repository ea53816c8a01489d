// HS256 tokens of the stand-in: API keys (anon, service_role) and GoTrue-shaped access tokens (§8).
import { SignJWT, errors, jwtVerify, type JWTPayload } from 'jose';

/** The Supabase CLI's default local secret; override with JWT_SECRET / the jwtSecret option. */
export const DEFAULT_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

const key = (secret: string): Uint8Array => new TextEncoder().encode(secret);

/** Same payload as the CLI's demo keys, so the default secret yields the familiar local anon key. */
export async function signApiKey(secret: string, role: 'anon' | 'service_role'): Promise<string> {
  return new SignJWT({ iss: 'supabase-demo', role, exp: 1983812996 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(key(secret));
}

export async function signAccessToken(secret: string, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key(secret));
}

export type VerifiedToken =
  | { ok: true; payload: JWTPayload & Record<string, unknown> }
  | { ok: false; reason: 'expired' | 'not_yet_valid' | 'invalid'; message: string };

/** Verifies signature and time claims; `leewaySeconds` is PostgREST's 30 s, GoTrue's 0. */
export async function verifyToken(secret: string, token: string, leewaySeconds: number): Promise<VerifiedToken> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'], clockTolerance: leewaySeconds });
    return { ok: true, payload: payload as JWTPayload & Record<string, unknown> };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired', message: 'JWT expired' };
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') {
      return { ok: false, reason: 'not_yet_valid', message: 'JWT not yet valid' };
    }
    if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) {
      const parts = token.split('.').length;
      return { ok: false, reason: 'invalid', message: parts === 3 ? 'JWT cryptographic operation failed' : `Expected 3 parts in JWT; got ${parts}` };
    }
    return { ok: false, reason: 'invalid', message: 'JWT cryptographic operation failed' };
  }
}
