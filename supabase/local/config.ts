// The settings of supabase/config.toml the stand-in honours, as the Supabase CLI passes them to GoTrue:
// [auth] jwt_expiry, refresh_token_reuse_interval, and [auth.rate_limit] sign_in_sign_ups / token_refresh.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';

export interface AuthSettings {
  /** Access-token lifetime in seconds (GOTRUE_JWT_EXP). */
  jwtExpiry: number;
  /** Seconds a rotated refresh token may still be presented (GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL). */
  refreshTokenReuseInterval: number;
  /** Requests per 5 minutes per client address; 0 = no limit (a stand-in extension for load tests). */
  rateLimits: { signInSignUps: number; tokenRefresh: number };
}

/** Supabase's defaults (the CLI's config.toml template), used where config.toml says nothing. */
export const SUPABASE_DEFAULTS: AuthSettings = {
  jwtExpiry: 3600,
  refreshTokenReuseInterval: 10,
  rateLimits: { signInSignUps: 30, tokenRefresh: 150 },
};

export const CONFIG_TOML = join(dirname(fileURLToPath(import.meta.url)), '..', 'config.toml');

const table = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

function count(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`supabase/config.toml: ${name} must be a number ≥ 0, not ${String(value)}`);
  }
  return value;
}

/** Reads the auth settings of a config.toml; a missing file or key falls back to Supabase's defaults. */
export function readAuthSettings(file = CONFIG_TOML): AuthSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return SUPABASE_DEFAULTS;
  }
  const auth = table(table(parse(text))['auth']);
  const limits = table(auth['rate_limit']);
  const d = SUPABASE_DEFAULTS;
  return {
    jwtExpiry: count(auth['jwt_expiry'], 'auth.jwt_expiry', d.jwtExpiry),
    refreshTokenReuseInterval: count(auth['refresh_token_reuse_interval'], 'auth.refresh_token_reuse_interval', d.refreshTokenReuseInterval),
    rateLimits: {
      signInSignUps: count(limits['sign_in_sign_ups'], 'auth.rate_limit.sign_in_sign_ups', d.rateLimits.signInSignUps),
      tokenRefresh: count(limits['token_refresh'], 'auth.rate_limit.token_refresh', d.rateLimits.tokenRefresh),
    },
  };
}
