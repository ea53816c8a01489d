// The test transport: calls the in-memory server directly and injects faults under a seeded random
// source — requests dropped, responses lost after commit, 5xx, timeouts, 401 until refresh, 429.
import { PROTOCOL_VERSION, type PullRequest, type PullResponse, type PushRequest, type PushResponse } from '../protocol';
import { CallRefused, type FakeSyncServer } from './fake-server';
import type { RandomSource } from './random';
import type { SyncTransport, TransportFailure, TransportResult } from './transport';

export interface FaultRates {
  drop?: number;
  lostResponse?: number;
  serverError?: number;
  timeout?: number;
  unauthorized?: number;
  rateLimit?: number;
}

export type FaultKind = keyof FaultRates | 'offline';

export interface FakeTransport extends SyncTransport {
  /** Faults injected so far, by kind (for asserting the test really hit them). */
  readonly stats: Record<FaultKind | 'ok', number>;
  /** What the auth port calls on 401: a new session makes requests pass again. */
  refreshSession(): Promise<boolean>;
  setOnline(online: boolean): void;
  /** Force the next requests' outcomes, ahead of the random ones. */
  queueFaults(...faults: Array<keyof FaultRates>): void;
  setRates(rates: FaultRates): void;
  /** Every request that reached the transport, in order (for asserting what went over the wire). */
  readonly sent: Array<{ op: 'push'; req: PushRequest } | { op: 'pull'; req: PullRequest }>;
  retryAfterMs: number;
  /** The protocol version this client sends (PROTOCOL_VERSION; tests play an old app with a lower one). */
  protocol: number;
  /**
   * A change that makes every call carrying it fail as a whole (the stand-in's 500 on JSON nested 10,000
   * deep, a proxy's 400), whatever else the batch holds: the engine must narrow the batch down to it.
   */
  poison: ((change: PushRequest['changes'][number]) => TransportFailure | null) | null;
}

export function createFakeTransport(server: Pick<FakeSyncServer, 'push' | 'pull'>, random: RandomSource, initialRates: FaultRates = {}): FakeTransport {
  let rates = initialRates;
  let online = true;
  let sessionExpired = false;
  const queued: Array<keyof FaultRates> = [];
  const stats: Record<FaultKind | 'ok', number> = { ok: 0, offline: 0, drop: 0, lostResponse: 0, serverError: 0, timeout: 0, unauthorized: 0, rateLimit: 0 };

  function pickFault(): keyof FaultRates | null {
    const forced = queued.shift();
    if (forced) return forced;
    let roll = random();
    for (const kind of ['drop', 'lostResponse', 'serverError', 'timeout', 'unauthorized', 'rateLimit'] as const) {
      roll -= rates[kind] ?? 0;
      if (roll < 0) return kind;
    }
    return null;
  }

  /** The server's answer, with a refused call mapped as the fetch transport maps 426 and 413. */
  function answer<Req, Res>(handle: (req: Req) => Res, req: Req): TransportResult<Res> {
    try {
      return { kind: 'ok', value: structuredClone(handle(req)) };
    } catch (error) {
      if (!(error instanceof CallRefused)) throw error;
      if (error.status === 426) return { kind: 'outdated', min: error.range?.min ?? 0, max: error.range?.max ?? 0, message: error.message };
      return { kind: 'rejected', code: 'payload_too_large', message: error.message };
    }
  }

  function deliver<Req, Res>(handle: (req: Req) => Res, req: Req): Promise<TransportResult<Res>> {
    // The wire copies data: nothing the engine holds may alias server state.
    const wired = structuredClone(req);
    if (!online) {
      stats.offline += 1;
      return Promise.resolve({ kind: 'network', message: 'offline' });
    }
    if (sessionExpired) {
      stats.unauthorized += 1;
      return Promise.resolve({ kind: 'unauthorized', message: 'JWT expired' });
    }
    const poisoned = (wired as { changes?: PushRequest['changes'] }).changes?.map((c) => transport.poison?.(c) ?? null).find((f) => f !== null);
    if (poisoned) return Promise.resolve(poisoned);
    const fault = pickFault();
    if (fault) stats[fault] += 1;
    switch (fault) {
      case 'drop':
        return Promise.resolve({ kind: 'network', message: 'connection reset' });
      case 'serverError':
        return Promise.resolve({ kind: 'server', status: 503, message: 'Service Unavailable' });
      case 'rateLimit':
        return Promise.resolve({ kind: 'server', status: 429, retryAfterMs: transport.retryAfterMs, message: 'Too Many Requests' });
      case 'unauthorized':
        sessionExpired = true;
        return Promise.resolve({ kind: 'unauthorized', message: 'JWT expired' });
      case 'timeout':
        return Promise.resolve({ kind: 'timeout', message: 'timed out' });
      case 'lostResponse':
        answer(handle, wired); // committed on the server, but the reply never arrives
        return Promise.resolve({ kind: 'network', message: 'connection lost after send' });
      default:
        stats.ok += 1;
        return Promise.resolve(answer(handle, wired));
    }
  }

  const transport: FakeTransport = {
    stats,
    retryAfterMs: 30_000,
    poison: null,
    protocol: PROTOCOL_VERSION,
    sent: [],
    // The protocol goes with every call, as the fetch transport sends it.
    push: (req: PushRequest) => (transport.sent.push({ op: 'push', req }), deliver<PushRequest, PushResponse>((r) => server.push(r), { ...req, protocol: req.protocol ?? transport.protocol })),
    pull: (req: PullRequest) => (transport.sent.push({ op: 'pull', req }), deliver<PullRequest, PullResponse>((r) => server.pull(r), { ...req, protocol: req.protocol ?? transport.protocol })),
    refreshSession: async () => {
      sessionExpired = false;
      return true;
    },
    setOnline: (value) => {
      online = value;
    },
    setRates: (next) => {
      rates = next;
    },
    queueFaults: (...faults) => {
      queued.push(...faults);
    },
  };
  return transport;
}
