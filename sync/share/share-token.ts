// A share link's secret: 256 random bits made on the device, written in the link as 43 base64url
// characters. The server only ever sees its SHA-256 when the link is created (and the token itself when
// someone opens the link, which it hashes to find the link).

const TOKEN_BYTES = 32;
/** A token as links carry it; anything else opens nothing and is not even sent. */
export const SHARE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function newShareToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
}

/** SHA-256 of the token's text, as 64 lowercase hex digits (what public.create_run_share stores). */
export async function hashShareToken(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The link people open: /s/<token> on the app's origin. */
export function shareUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/s/${token}`;
}
