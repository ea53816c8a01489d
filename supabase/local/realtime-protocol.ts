// The Phoenix wire protocol of the local Realtime subset (realtime.ts): message shapes, both serializers,
// binding ids, Realtime's filters and its token checks. Pure functions; the server keeps the sockets.
import { createHash } from 'node:crypto';
import type { WebSocket } from 'ws';
import { verifyToken } from './jwt';

export interface Message {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

export interface Binding {
  id: number;
  event: string;
  schema: string;
  table: string;
  filter?: string;
  match: ((record: Record<string, unknown>) => boolean) | null;
}

export interface Channel {
  topic: string;
  joinRef: string | null;
  claims: Record<string, unknown>;
  bindings: Binding[];
  expiry: ReturnType<typeof setTimeout> | null;
  /** Broadcast settings of the join; `write` caches the sender's INSERT check of a private channel. */
  broadcast?: { private: boolean; self: boolean; ack: boolean; write: Promise<boolean> | null };
}

export interface Client {
  ws: WebSocket;
  vsn: '1.0.0' | '2.0.0';
  channels: Map<string, Channel>;
  idle: ReturnType<typeof setTimeout> | null;
  /** The socket's messages are handled one after another, in order, as a Phoenix channel process does. */
  queue: Promise<void>;
}

export interface Change {
  schema: string;
  table: string;
  type: 'INSERT' | 'UPDATE' | 'DELETE';
  commit_timestamp: string;
  record: Record<string, unknown> | null;
  old_record: Record<string, unknown> | null;
}

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Realtime's binding id is a hash of the binding (Erlang's phash2); any stable 32-bit number will do. */
export function bindingId(binding: { event: string; schema: string; table?: string; filter?: string }): number {
  return createHash('sha1').update(JSON.stringify([binding.event, binding.schema, binding.table ?? '', binding.filter ?? ''])).digest().readUInt32BE(0) >>> 5;
}

/** PostgREST-style filters Realtime accepts: `column=op.value` with eq, neq, lt, lte, gt, gte, in.(a,b). */
export function parseFilter(filter: string): ((record: Record<string, unknown>) => boolean) | string {
  const m = /^([^=]+)=(eq|neq|lt|lte|gt|gte|in)\.(.*)$/s.exec(filter);
  if (!m) return `Error parsing \`filter\` params: ${filter}`;
  const [, column, op, raw] = m as unknown as [string, string, string, string];
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));
  const compare = (a: string, b: string): number => {
    const x = Number(a);
    const y = Number(b);
    return Number.isFinite(x) && Number.isFinite(y) ? x - y : a < b ? -1 : a > b ? 1 : 0;
  };
  if (op === 'in') {
    const inner = /^\((.*)\)$/s.exec(raw);
    if (!inner) return `Error parsing \`filter\` params: ${filter}`;
    const values = new Set(inner[1]!.split(',').map((v) => v.trim().replace(/^"(.*)"$/s, '$1')));
    return (record) => values.has(text(record[column]) ?? '\u0000');
  }
  return (record) => {
    const value = text(record[column]);
    if (value === null) return false;
    const c = compare(value, raw);
    return op === 'eq' ? c === 0 : op === 'neq' ? c !== 0 : op === 'lt' ? c < 0 : op === 'lte' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0;
  };
}

/** Realtime's claim checks: a verified token with `role` and `exp`, not expired. Error text as Realtime's. */
export async function checkToken(secret: string, token: unknown): Promise<{ ok: true; claims: Record<string, unknown> } | { ok: false; reason: string }> {
  if (typeof token !== 'string' || token.split('.').length !== 3) return { ok: false, reason: 'Token claims must be a map' };
  const verified = await verifyToken(secret, token, 0);
  if (!verified.ok) {
    if (verified.reason === 'expired') {
      const exp = Number(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')).exp);
      return { ok: false, reason: `Token has expired ${Math.max(0, Math.floor(Date.now() / 1000) - exp)} seconds ago` };
    }
    return { ok: false, reason: 'Invalid JWT Token' };
  }
  const claims = verified.payload as Record<string, unknown>;
  if (typeof claims['role'] !== 'string' || typeof claims['exp'] !== 'number') {
    return { ok: false, reason: 'Fields `role` and `exp` are required in JWT' };
  }
  return { ok: true, claims };
}

/** A message as the client's serializer writes it: vsn 2.0.0 as a JSON array, 1.0.0 as an object. */
export function encodeMessage(vsn: Client['vsn'], m: Message): string {
  return vsn === '2.0.0'
    ? JSON.stringify([m.join_ref, m.ref, m.topic, m.event, m.payload])
    : JSON.stringify({ join_ref: m.join_ref, ref: m.ref, topic: m.topic, event: m.event, payload: m.payload });
}

/** A client's message, or null for one that is not a Phoenix message. */
export function decodeMessage(vsn: Client['vsn'], data: string): Message | null {
  try {
    const raw = JSON.parse(data) as unknown;
    if (vsn === '2.0.0') {
      if (!Array.isArray(raw) || raw.length !== 5) return null;
      const [join_ref, ref, topic, event, payload] = raw as [string | null, string | null, unknown, unknown, unknown];
      return typeof topic === 'string' && typeof event === 'string' ? { join_ref, ref, topic, event, payload } : null;
    }
    const o = raw as Partial<Message> | null;
    return o && typeof o.topic === 'string' && typeof o.event === 'string'
      ? { join_ref: o.join_ref ?? null, ref: o.ref ?? null, topic: o.topic, event: o.event, payload: o.payload ?? {} }
      : null;
  } catch {
    return null;
  }
}
