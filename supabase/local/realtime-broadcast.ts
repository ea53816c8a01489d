// The Broadcast subset of the local Realtime (realtime.ts): messages a client sends on a channel reach the
// other clients joined to that topic (itself too with `broadcast.self`), never stored. Private channels
// (`config.private`) are authorised as Supabase's Realtime Authorization does: joining needs the topic to
// pass the SELECT policies of realtime.messages for the subscriber's role and claims, with realtime.topic()
// the topic (a row is inserted as the owner and read back under the subscriber's role, then rolled back);
// sending needs the INSERT policies (an insert under the sender's role, rolled back). A message a sender
// may not send is dropped without a word, as Realtime drops it. Private and public channels of one topic
// are apart. Wire: realtime-js 2.109 sends broadcasts as binary "user broadcast push" frames (vsn 2.0.0)
// or JSON (1.0.0) and reads binary "user broadcast" frames or JSON.
import type { SqlPool } from './database';
import type { Client, Message } from './realtime-protocol';

const PUSH_KIND = 3;
const BROADCAST_KIND = 4;
const JSON_ENCODING = 1;

/** A broadcast as it travels: the user's event and payload (JSON, or bytes from a binary push). */
export interface Broadcast {
  event: string;
  payload: unknown;
  /** The payload's bytes when the sender sent it binary. */
  binary?: Buffer;
}

/** A binary "user broadcast push" (kind 3) as a Phoenix message; null when it is not one. */
export function decodeBroadcastPush(data: Buffer): (Message & { broadcast: Broadcast }) | null {
  if (data.length < 7 || data[0] !== PUSH_KIND) return null;
  const sizes = [data[1]!, data[2]!, data[3]!, data[4]!, data[5]!];
  const encoding = data[6];
  let offset = 7;
  const [joinRef, ref, topic, event, meta] = sizes.map((size) => {
    const text = data.subarray(offset, offset + size).toString('latin1');
    offset += size;
    return text;
  }) as [string, string, string, string, string];
  if (offset > data.length) return null;
  const body = data.subarray(offset);
  let payload: unknown = null;
  let binary: Buffer | undefined;
  try {
    if (encoding === JSON_ENCODING) payload = JSON.parse(body.toString('utf8'));
    else binary = Buffer.from(body);
    const metadata = meta ? (JSON.parse(meta) as Record<string, unknown>) : {};
    const broadcast: Broadcast = { event, payload, ...(binary ? { binary } : {}) };
    return {
      join_ref: joinRef || null, ref: ref || null, topic, event: 'broadcast',
      payload: { ...metadata, type: 'broadcast', event, payload }, broadcast,
    };
  } catch {
    return null;
  }
}

/** A JSON `broadcast` message ({type, event, payload}) as a Broadcast; null when malformed. */
export function broadcastOf(m: Message): Broadcast | null {
  const p = m.payload as Record<string, unknown> | null;
  return p && typeof p === 'object' && typeof p['event'] === 'string' ? { event: p['event'], payload: p['payload'] ?? null } : null;
}

/** What a subscriber receives: a binary "user broadcast" (kind 4) for vsn 2.0.0, a JSON message for 1.0.0. */
export function encodeBroadcast(vsn: Client['vsn'], topic: string, b: Broadcast): string | Buffer {
  if (vsn === '1.0.0') {
    return JSON.stringify({ join_ref: null, ref: null, topic, event: 'broadcast', payload: { type: 'broadcast', event: b.event, payload: b.payload } });
  }
  const topicBytes = Buffer.from(topic, 'utf8');
  const eventBytes = Buffer.from(b.event, 'utf8');
  const body = b.binary ?? Buffer.from(JSON.stringify(b.payload ?? null), 'utf8');
  const header = Buffer.from([BROADCAST_KIND, topicBytes.length, eventBytes.length, 0, b.binary ? 0 : JSON_ENCODING]);
  return Buffer.concat([header, topicBytes, eventBytes, body]);
}

export interface BroadcastAuthorizer {
  /** May these claims join `topic` (SELECT policies of realtime.messages)? */
  canRead(claims: Record<string, unknown>, topic: string): Promise<boolean>;
  /** May these claims send on `topic` (INSERT policies)? */
  canWrite(claims: Record<string, unknown>, topic: string): Promise<boolean>;
}

export function createBroadcastAuthorizer(db: SqlPool, log: (message: string, error?: unknown) => void): BroadcastAuthorizer {
  async function check(claims: Record<string, unknown>, topic: string, test: (q: (sql: string, params?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>) => Promise<boolean>): Promise<boolean> {
    const client = await db.connect();
    try {
      await client.query('begin');
      return await test((sql, params) => client.query(sql, params));
    } catch (error) {
      const code = (error as { code?: string }).code;
      // 42501: the policy said no (or the role has no grant). Anything else is worth a line in the log.
      if (code !== '42501') log(`authorization check failed on ${topic}`, error);
      return false;
    } finally {
      await client.query('rollback').catch(() => undefined);
      client.release();
    }
  }
  const become = (q: Parameters<Parameters<typeof check>[2]>[0], claims: Record<string, unknown>, topic: string) =>
    q(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true), set_config('realtime.topic', $3, true)`,
      [String(claims['role']), JSON.stringify(claims), topic]);
  return {
    canRead: (claims, topic) =>
      check(claims, topic, async (q) => {
        const probe = await q(`select realtime.realtime_probe($1, 'broadcast') as id`, [topic]);
        await become(q, claims, topic);
        const { rows } = await q('select exists(select 1 from realtime.messages where id = $1) as ok', [probe.rows[0]?.['id']]);
        return rows[0]?.['ok'] === true;
      }),
    canWrite: (claims, topic) =>
      check(claims, topic, async (q) => {
        await become(q, claims, topic);
        await q(`insert into realtime.messages (topic, extension, private) values ($1, 'broadcast', true)`, [topic]);
        return true;
      }),
  };
}
