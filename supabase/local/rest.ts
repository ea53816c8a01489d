// The PostgREST subset: POST/GET /rest/v1/rpc/<fn> (SUPABASE-SUBSET.md §9). The JWT picks the role
// (`set local role`) and `request.jwt.claims`; the function is found by its argument names; errors
// carry PostgREST's body shape and the status its SQLSTATE maps to.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isDbError, type SqlPool } from './database';
import { decodePathSegment, parseJsonAnyDepth, readBody, sendEmpty, sendJson, tooDeep } from './http-util';
import { verifyToken } from './jwt';
import { statusForSqlState } from './sqlstate';

export interface RestConfig {
  db: SqlPool;
  jwtSecret: string;
  anonRole: string;
}

interface RoutineInfo {
  name: string;
  args: Array<{ name: string; type: string; hasDefault: boolean }>;
  returnsSet: boolean;
  returnsVoid: boolean;
  readOnly: boolean;
}

function pgrstError(res: ServerResponse, status: number, code: string, message: string, details: string | null = null, hint: string | null = null, headers: Record<string, string> = {}): void {
  sendJson(res, status, { code, details, hint, message }, { 'Proxy-Status': `PostgREST; error=${code}`, ...headers });
}

async function loadRoutines(db: SqlPool, name: string): Promise<RoutineInfo[]> {
  const { rows } = await db.query<{
    argnames: string[] | null; argmodes: string[] | null; argtypes: string[]; ndefaults: number;
    retset: boolean; rettype: string; volatility: string;
  }>(
    `select p.proargnames as argnames, p.proargmodes::text[] as argmodes,
            array(select format_type(t, null) from unnest(p.proargtypes) t) as argtypes,
            p.pronargdefaults as ndefaults, p.proretset as retset, format_type(p.prorettype, null) as rettype,
            p.provolatile as volatility
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.proname = $1 and p.prokind = 'f'`,
    [name],
  );
  return rows.map((r) => {
    // proargnames also lists OUT arguments; keep the input ones (IN, INOUT, VARIADIC).
    const names = (r.argnames ?? []).filter((_, i) => !r.argmodes || ['i', 'b', 'v'].includes(r.argmodes[i] ?? 'i'));
    const firstDefault = r.argtypes.length - r.ndefaults;
    return {
      name,
      args: r.argtypes.map((type, i) => ({ name: names[i] ?? '', type, hasDefault: i >= firstDefault })),
      returnsSet: r.retset,
      returnsVoid: r.rettype === 'void',
      readOnly: r.volatility !== 'v',
    };
  });
}

function matches(routine: RoutineInfo, keys: string[]): boolean {
  const names = new Set(routine.args.map((a) => a.name));
  return keys.every((k) => names.has(k)) && routine.args.every((a) => a.hasDefault || keys.includes(a.name));
}

/** Role and claims for the request: the JWT's, or the anon role when there is none (PostgREST). */
async function claimsFor(cfg: RestConfig, req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | null> {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.trim()) return { role: cfg.anonRole };
  const token = /^Bearer\s+(.+)$/i.exec(header.trim())?.[1] ?? '';
  const verified = await verifyToken(cfg.jwtSecret, token, 30);
  if (!verified.ok) {
    const code = verified.reason === 'invalid' ? 'PGRST301' : 'PGRST303';
    pgrstError(res, 401, code, verified.message, null, null, {
      'WWW-Authenticate': `Bearer error="invalid_token", error_description="${verified.message}"`,
    });
    return null;
  }
  return { ...verified.payload, role: typeof verified.payload['role'] === 'string' ? verified.payload['role'] : cfg.anonRole };
}

function argValue(value: unknown, type: string): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'json' || type === 'jsonb') return JSON.stringify(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export async function handleRpc(cfg: RestConfig, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const fn = decodePathSegment(url.pathname.replace(/^\/rest\/v1\/rpc\//, ''));
  const method = req.method ?? 'GET';
  if (method !== 'POST' && method !== 'GET' && method !== 'HEAD') {
    return pgrstError(res, 405, 'PGRST101', `Cannot use the ${method} method on RPC`);
  }
  const profile = req.headers[method === 'POST' ? 'content-profile' : 'accept-profile'];
  if (typeof profile === 'string' && profile !== 'public') {
    return pgrstError(res, 406, 'PGRST106', `Invalid schema: ${profile}`, null, 'Only the following schemas are exposed: public');
  }
  const claims = await claimsFor(cfg, req, res);
  if (!claims) return;

  let args: Record<string, unknown>;
  // A function with one unnamed json parameter gets the body as sent (PostgREST does not re-encode it),
  // so its own checks see the client's text: a value nested too deep for JSON.stringify is refused by the
  // function per change, not by this server for the whole call.
  let rawBody: string | null = null;
  if (method === 'POST') {
    const text = await readBody(req);
    const parsed = parseJsonAnyDepth(text);
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
      return pgrstError(res, 400, 'PGRST102', 'Empty or invalid json');
    }
    args = parsed.value as Record<string, unknown>;
    rawBody = text.trim() === '' ? '{}' : text;
  } else {
    args = Object.fromEntries(url.searchParams.entries());
  }

  const keys = Object.keys(args);
  // No function can be named with a NUL (PostgreSQL would refuse the lookup itself).
  const routines = fn.includes('\0') ? [] : await loadRoutines(cfg.db, fn);
  const found = routines.filter((r) => matches(r, keys));
  const wholeBody = routines.filter((r) => r.args.length === 1 && r.args[0]?.name === '' && /^jsonb?$/.test(r.args[0].type));
  if (found.length > 1) {
    return pgrstError(res, 300, 'PGRST203', `Could not choose the best candidate function between: ${found.map((r) => `public.${fn}(${r.args.map((a) => `${a.name} => ${a.type}`).join(', ')})`).join(', ')}`);
  }
  const routine = found[0] ?? (wholeBody.length === 1 && method === 'POST' ? wholeBody[0] : undefined);
  // Named arguments are bound one by one (JSON.stringify): those bodies keep the depth limit.
  if (routine && routine === found[0] && rawBody !== null && tooDeep(rawBody)) {
    return pgrstError(res, 400, 'PGRST102', 'Empty or invalid json');
  }
  if (!routine) {
    const sorted = [...keys].sort();
    const params = sorted.length ? `with parameters ${sorted.join(', ')}` : 'without parameters';
    return pgrstError(res, 404, 'PGRST202', `Could not find the function public.${fn}${sorted.length ? `(${sorted.join(', ')})` : ''} in the schema cache`,
      `Searched for the function public.${fn} ${params} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`);
  }

  const values: Array<string | null> = [];
  const callArgs = routine === found[0]
    ? routine.args.filter((a) => keys.includes(a.name)).map((a) => {
        values.push(argValue(args[a.name], a.type));
        return `"${a.name.replace(/"/g, '""')}" := $${values.length}::${a.type}`;
      })
    : [(values.push(rawBody ?? JSON.stringify(args)), `$1::${routine.args[0]?.type ?? 'jsonb'}`)];
  const call = `public."${fn.replace(/"/g, '""')}"(${callArgs.join(', ')})`;
  const sql = routine.returnsSet
    ? `select coalesce(json_agg(_r), '[]')::text as body from ${call} _r`
    : `select to_json(${call})::text as body`;

  const client = await cfg.db.connect();
  try {
    await client.query(routine.readOnly || method !== 'POST' ? 'begin read only' : 'begin');
    await client.query(
      `select set_config('search_path', 'public, extensions', true), set_config('role', $1, true),
              set_config('request.jwt.claims', $2, true), set_config('request.method', $3, true),
              set_config('request.path', $4, true), set_config('request.headers', $5, true),
              set_config('request.cookies', '{}', true)`,
      [String(claims['role']), JSON.stringify(claims), method, `/rpc/${fn}`, JSON.stringify(headersForPg(req))],
    );
    const { rows } = await client.query<{ body: string | null }>(sql, values);
    await client.query('commit');
    if (routine.returnsVoid) return sendEmpty(res, 204);
    if (method === 'HEAD') return sendEmpty(res, 200, { 'Content-Type': 'application/json; charset=utf-8' });
    sendJson(res, 200, rows[0]?.body ?? 'null');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    if (!isDbError(error)) throw error;
    const code = error.code;
    const status = statusForSqlState(code, error.message, claims['role'] === cfg.anonRole);
    pgrstError(res, status, code, error.message, error.detail ?? null, error.hint ?? null);
  } finally {
    client.release();
  }
}

function headersForPg(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name !== 'cookie' && typeof value === 'string') out[name.toLowerCase()] = value;
  }
  // As Supabase's gateway does: the address the request came from, which a caller cannot set (SQL rate
  // limits key on it, e.g. share_internal.caller_address).
  delete out['cf-connecting-ip'];
  out['x-real-ip'] = req.socket.remoteAddress ?? 'unknown';
  return out;
}
