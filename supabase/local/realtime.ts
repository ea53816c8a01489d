// The Supabase Realtime subset supabase-js uses for `postgres_changes` (realtime-js 2.109 over the Phoenix
// websocket protocol at /realtime/v1/websocket): heartbeat on topic "phoenix", phx_join with the access
// token and config.postgres_changes, the join reply carrying each binding's id, the "Subscribed to
// PostgreSQL" system message, postgres_changes events, access_token updates, phx_leave; expired, forged
// or missing tokens end the channel with Realtime's messages. Changes come from PostgreSQL NOTIFY on
// 'realtime_changes' (a trigger per table: supabase/migrations/20261205400000_realtime_notify.sql), and a
// change reaches a subscriber only if its filter matches and the row passes the table's RLS for the
// subscriber's claims, checked by reading the row back as that role, as Realtime does.
// Serializers: vsn 2.0.0 (JSON arrays, realtime-js's default) and 1.0.0 (JSON objects). Broadcast, and the
// Realtime Authorization of private channels, are in realtime-broadcast.ts.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { SqlPool } from './database';
import { verifyToken } from './jwt';
import { bindingId, checkToken, decodeMessage, encodeMessage, parseFilter } from './realtime-protocol';
import { createRowChecks } from './realtime-rows';
import { broadcastOf, createBroadcastAuthorizer, decodeBroadcastPush, encodeBroadcast, type Broadcast } from './realtime-broadcast';
import type { Binding, Change, Channel, Client, Message } from './realtime-protocol';

export const REALTIME_CHANNEL = 'realtime_changes';

/** Phoenix closes a socket that sent nothing (not even a heartbeat) for this long. */
const IDLE_TIMEOUT_MS = 60_000;

export interface RealtimeConfig {
  jwtSecret: string;
  /** API pool (role switching), for the RLS check of each delivery. */
  db: SqlPool;
  /** LISTEN on a channel; resolves to a function that stops listening. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** For logs of anything unexpected. */
  log?: (message: string, error?: unknown) => void;
}

export interface Realtime {
  /** Hand an HTTP upgrade for /realtime/v1/websocket to the Realtime server. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Drops every socket without a goodbye, as a restarting server or a broken network would. */
  dropConnections(): number;
  close(): Promise<void>;
}

export function createRealtime(cfg: RealtimeConfig): Realtime {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const clients = new Set<Client>();
  const { tableInfo, visible } = createRowChecks(cfg.db);
  const log = cfg.log ?? ((message: string, error?: unknown) => console.error('[local-supabase realtime]', message, error ?? ''));
  const authorizer = createBroadcastAuthorizer(cfg.db, log);

  const send = (client: Client, m: Message): void => {
    if (client.ws.readyState !== client.ws.OPEN) return;
    client.ws.send(encodeMessage(client.vsn, m));
  };
  const reply = (client: Client, m: Message, status: 'ok' | 'error', response: Record<string, unknown>): void =>
    send(client, { join_ref: m.join_ref, ref: m.ref, topic: m.topic, event: 'phx_reply', payload: { status, response } });

  const subTopic = (topic: string): string => topic.replace(/^realtime:/, '');

  /** Ends a channel from the server side: a system error, then phx_close (Realtime's ChannelShutdown). */
  function shutDown(client: Client, channel: Channel, message: string): void {
    send(client, { join_ref: channel.joinRef, ref: null, topic: channel.topic, event: 'system', payload: { channel: subTopic(channel.topic), extension: 'system', message, status: 'error' } });
    send(client, { join_ref: channel.joinRef, ref: channel.joinRef, topic: channel.topic, event: 'phx_close', payload: {} });
    forget(client, channel);
  }

  function forget(client: Client, channel: Channel): void {
    if (channel.expiry) clearTimeout(channel.expiry);
    if (client.channels.get(channel.topic) === channel) client.channels.delete(channel.topic);
  }

  /** Realtime checks the token again when it expires and shuts the channel unless a new one came. */
  function watchExpiry(client: Client, channel: Channel): void {
    if (channel.expiry) clearTimeout(channel.expiry);
    const exp = Number(channel.claims['exp']);
    const ms = Math.max(0, exp * 1000 - Date.now());
    channel.expiry = setTimeout(() => {
      if (client.channels.get(channel.topic) === channel) shutDown(client, channel, `Token has expired ${Math.max(0, Math.floor(Date.now() / 1000) - exp)} seconds ago`);
    }, Math.min(ms, 2 ** 31 - 1));
  }

  async function dispatch(payload: string): Promise<void> {
    let change: Change;
    try {
      change = JSON.parse(payload) as Change;
    } catch {
      return log(`unreadable notification: ${payload.slice(0, 200)}`);
    }
    const interested: Array<{ client: Client; channel: Channel; ids: number[] }> = [];
    for (const client of clients) {
      for (const channel of client.channels.values()) {
        const ids = channel.bindings
          .filter((b) => (b.schema === '*' || b.schema === change.schema) && (b.table === '*' || b.table === change.table))
          .filter((b) => b.event === '*' || b.event.toUpperCase() === change.type)
          .filter((b) => !b.match || b.match((change.type === 'DELETE' ? change.old_record : change.record) ?? {}))
          .map((b) => b.id);
        if (ids.length) interested.push({ client, channel, ids });
      }
    }
    if (!interested.length) return;
    const { columns, primaryKey } = await tableInfo(change.schema, change.table);
    const pkOnly = (row: Record<string, unknown> | null) => row && Object.fromEntries(primaryKey.map((k) => [k, row[k]]));
    const data: Record<string, unknown> = {
      schema: change.schema, table: change.table, commit_timestamp: change.commit_timestamp, type: change.type, columns, errors: null,
      ...(change.type !== 'DELETE' ? { record: change.record } : {}),
      ...(change.type !== 'INSERT' ? { old_record: pkOnly(change.old_record) } : {}),
    };
    await Promise.all(interested.map(async ({ client, channel, ids }) => {
      // Realtime does not apply RLS to deletes (the row is gone); they carry the primary key only.
      if (change.type !== 'DELETE' && !(await visible(channel.claims, change, primaryKey))) return;
      if (client.channels.get(channel.topic) !== channel) return;
      send(client, { join_ref: channel.joinRef, ref: null, topic: channel.topic, event: 'postgres_changes', payload: { ids, data } });
    }));
  }

  async function join(client: Client, m: Message, apiKeyClaims: Record<string, unknown>): Promise<void> {
    const payload = (typeof m.payload === 'object' && m.payload !== null ? m.payload : {}) as Record<string, unknown>;
    const config = (typeof payload['config'] === 'object' && payload['config'] !== null ? payload['config'] : {}) as Record<string, unknown>;
    let claims = apiKeyClaims;
    if (payload['access_token'] !== undefined) {
      const checked = await checkToken(cfg.jwtSecret, payload['access_token']);
      if (!checked.ok) {
        reply(client, m, 'error', { reason: checked.reason });
        send(client, { join_ref: m.join_ref, ref: m.join_ref, topic: m.topic, event: 'phx_close', payload: {} });
        return;
      }
      claims = checked.claims;
    }
    const isPrivate = config['private'] === true;
    if (isPrivate && !(await authorizer.canRead(claims, subTopic(m.topic)))) {
      reply(client, m, 'error', { reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${subTopic(m.topic)}` });
      return;
    }
    const broadcastConfig = (typeof config['broadcast'] === 'object' && config['broadcast'] !== null ? config['broadcast'] : {}) as Record<string, unknown>;
    const requested = Array.isArray(config['postgres_changes']) ? (config['postgres_changes'] as Array<Record<string, unknown>>) : [];
    const bindings: Binding[] = [];
    const problems: string[] = [];
    for (const r of requested) {
      const event = typeof r['event'] === 'string' ? r['event'] : '*';
      const schema = typeof r['schema'] === 'string' ? r['schema'] : 'public';
      const table = typeof r['table'] === 'string' ? r['table'] : '*';
      const filter = typeof r['filter'] === 'string' && r['filter'] !== '' ? r['filter'] : undefined;
      const parsed = filter === undefined ? null : parseFilter(filter);
      if (typeof parsed === 'string') problems.push(parsed);
      bindings.push({
        id: bindingId({ event, schema, table, ...(filter !== undefined ? { filter } : {}) }),
        event, schema, table, ...(filter !== undefined ? { filter } : {}),
        match: typeof parsed === 'function' ? parsed : null,
      });
    }
    // A second join on a topic replaces the first, as Phoenix does.
    const previous = client.channels.get(m.topic);
    if (previous) forget(client, previous);
    const channel: Channel = {
      topic: m.topic, joinRef: m.join_ref, claims, bindings, expiry: null,
      broadcast: { private: isPrivate, self: broadcastConfig['self'] === true, ack: broadcastConfig['ack'] === true, write: null },
    };
    client.channels.set(m.topic, channel);
    if (typeof claims['exp'] === 'number') watchExpiry(client, channel);
    reply(client, m, 'ok', {
      postgres_changes: bindings.map(({ id, event, schema, table, filter }) => ({ id, event, schema, table, ...(filter !== undefined ? { filter } : {}) })),
    });
    if (!bindings.length) return;
    if (problems.length) {
      send(client, { join_ref: m.join_ref, ref: null, topic: m.topic, event: 'system', payload: { channel: subTopic(m.topic), extension: 'postgres_changes', message: problems.join('; '), status: 'error' } });
      return;
    }
    // LISTEN is already in place for the whole server, so the subscription is live once the reply is out.
    send(client, { join_ref: m.join_ref, ref: null, topic: m.topic, event: 'system', payload: { channel: subTopic(m.topic), extension: 'postgres_changes', message: 'Subscribed to PostgreSQL', status: 'ok' } });
  }

  async function accessToken(client: Client, m: Message, channel: Channel): Promise<void> {
    const token = (m.payload as Record<string, unknown> | null)?.['access_token'];
    const checked = await checkToken(cfg.jwtSecret, token);
    if (!checked.ok) return shutDown(client, channel, checked.reason);
    channel.claims = checked.claims;
    if (channel.broadcast) channel.broadcast.write = null; // new claims: the next send is checked again
    watchExpiry(client, channel);
  }

  /** Relay a broadcast to every channel of the topic with the same privacy (the sender's only with `self`). */
  async function relay(client: Client, channel: Channel, m: Message, b: Broadcast): Promise<void> {
    const settings = channel.broadcast;
    if (!settings) return;
    if (settings.private) {
      settings.write ??= authorizer.canWrite(channel.claims, subTopic(channel.topic));
      if (!(await settings.write)) return; // not allowed to send: dropped, not acknowledged (as Realtime)
    }
    for (const other of clients) {
      const target = other.channels.get(channel.topic);
      if (!target?.broadcast || target.broadcast.private !== settings.private) continue;
      if (target === channel && !settings.self) continue;
      if (other.ws.readyState === other.ws.OPEN) other.ws.send(encodeBroadcast(other.vsn, channel.topic, b));
    }
    if (m.ref && settings.ack) reply(client, m, 'ok', {});
  }

  async function handle(client: Client, m: Message, apiKeyClaims: Record<string, unknown>): Promise<void> {
    if (m.topic === 'phoenix' && m.event === 'heartbeat') return reply(client, m, 'ok', {});
    if (m.event === 'phx_join') return join(client, m, apiKeyClaims);
    const channel = client.channels.get(m.topic);
    if (!channel) return reply(client, m, 'error', { reason: 'unmatched topic' });
    if (m.event === 'phx_leave') {
      forget(client, channel);
      reply(client, m, 'ok', {});
      return send(client, { join_ref: channel.joinRef, ref: channel.joinRef, topic: m.topic, event: 'phx_close', payload: {} });
    }
    if (m.event === 'access_token') return accessToken(client, m, channel);
    if (m.event === 'broadcast') {
      const b = (m as Message & { broadcast?: Broadcast }).broadcast ?? broadcastOf(m);
      return b ? relay(client, channel, m, b) : undefined;
    }
    // Presence is not part of this subset; acknowledge so a client never waits on it.
    if (m.ref) reply(client, m, 'ok', {});
  }

  let stopListening: (() => Promise<void>) | null = null;
  const listening = cfg.listen(REALTIME_CHANNEL, (payload) => void dispatch(payload).catch((error: unknown) => log('dispatch failed', error)))
    .then((stop) => void (stopListening = stop))
    .catch((error: unknown) => log('LISTEN failed: Realtime will deliver nothing', error));

  return {
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const header = req.headers['apikey'];
      const key = url.searchParams.get('apikey') ?? (typeof header === 'string' ? header : null);
      const vsn = url.searchParams.get('vsn') === '2.0.0' ? '2.0.0' : '1.0.0';
      void (async () => {
        const verified = key ? await verifyToken(cfg.jwtSecret, key, 30) : null;
        const role = verified?.ok ? verified.payload['role'] : null;
        if (!verified?.ok || (role !== 'anon' && role !== 'service_role')) {
          socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"message":"Invalid API key"}');
          return;
        }
        await listening;
        const apiKeyClaims = verified.payload as Record<string, unknown>;
        wss.handleUpgrade(req, socket, head, (ws) => {
          const client: Client = { ws, vsn, channels: new Map(), idle: null, queue: Promise.resolve() };
          clients.add(client);
          const touch = () => {
            if (client.idle) clearTimeout(client.idle);
            client.idle = setTimeout(() => ws.terminate(), IDLE_TIMEOUT_MS);
          };
          touch();
          ws.on('message', (data, isBinary) => {
            touch();
            const m = isBinary ? decodeBroadcastPush(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer)) : decodeMessage(client.vsn, data.toString());
            if (!m) return;
            client.queue = client.queue.then(() => handle(client, m, apiKeyClaims)).catch((error: unknown) => log(`failed on ${m.event}`, error));
          });
          const end = () => {
            if (client.idle) clearTimeout(client.idle);
            for (const channel of client.channels.values()) if (channel.expiry) clearTimeout(channel.expiry);
            clients.delete(client);
          };
          ws.on('close', end);
          ws.on('error', end);
        });
      })().catch((error: unknown) => {
        log('upgrade failed', error);
        socket.destroy();
      });
    },
    dropConnections() {
      const n = clients.size;
      for (const client of clients) client.ws.terminate();
      return n;
    },
    async close() {
      for (const client of clients) client.ws.terminate();
      await listening;
      await stopListening?.().catch(() => undefined);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
