// PostgREST's SQLSTATE → HTTP status table (src/PostgREST/Error.hs pgErrorStatus; SUPABASE-SUBSET.md §9).

const PREFIX_500 = ['09', '25', '2D', '38', '39', '3B', '40', '54', '55', '57', '58', 'F0', 'HV', 'XX'];

/** `anon` = the request ran as the anonymous role (42501 is then 401, not 403). */
export function statusForSqlState(code: string, message: string, anon: boolean): number {
  const custom = /^PT(\d{3})$/.exec(code);
  if (custom?.[1]) return Number(custom[1]);
  if (code === 'P0001') return 400;
  if (code === '42501') return anon ? 401 : 403;
  if (code === '23505' || code === '23503') return 409;
  if (code === '25006') return 405;
  if (code === '42883' || code === '42P01') return 404;
  if (code === '22023') return /role .* does not exist/.test(message) ? 401 : 400;
  if (code === '21000') return message.includes('requires a WHERE clause') ? 400 : 500;
  if (code === '53400' || code === '42P17') return 500;
  if (code.startsWith('08') || code.startsWith('53') || code === '57P01') return 503;
  if (code.startsWith('28') || code.startsWith('0L') || code.startsWith('0P')) return 403;
  if (code.startsWith('P0')) return 500;
  if (PREFIX_500.some((p) => code.startsWith(p))) return 500;
  return 400;
}
